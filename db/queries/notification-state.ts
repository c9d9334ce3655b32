import { query } from '../client';

/**
 * Claims an event for sending: true when it was never sent or its last send is older than the
 * cool-down. One statement, so two replicas racing for the same event cannot both win.
 */
export async function claimNotification(eventKey: string, cooldownMinutes: number): Promise<boolean> {
  const rows = await query<{ event_key: string }>(
    `INSERT INTO notification_state (event_key, last_sent_at) VALUES ($1, now())
     ON CONFLICT (event_key) DO UPDATE SET last_sent_at = now()
       WHERE notification_state.last_sent_at < now() - make_interval(mins => $2)
     RETURNING event_key`,
    [eventKey, cooldownMinutes],
  );
  return rows.length > 0;
}

/** Gives a claim back (the send failed), so the next check tries again. */
export async function releaseNotification(eventKey: string): Promise<void> {
  await query('DELETE FROM notification_state WHERE event_key = $1', [eventKey]);
}
