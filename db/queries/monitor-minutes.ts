import { query } from '../client';

export interface MonitorMinuteRow {
  minute: Date;
  requests: number;
  errors: number;
  viewers: number;
  bytes: number;
}

/**
 * Adds a batch of per-minute counts: requests, errors and bytes add up (every replica writes its
 * own); viewers keep the highest sample written for that minute.
 */
export async function addMonitorMinutes(rows: MonitorMinuteRow[]): Promise<void> {
  if (rows.length === 0) return;
  await query(
    `INSERT INTO monitor_minutes (minute, requests, errors, viewers, bytes)
     SELECT * FROM unnest($1::timestamptz[], $2::int[], $3::int[], $4::int[], $5::bigint[])
     ON CONFLICT (minute) DO UPDATE SET
       requests = monitor_minutes.requests + excluded.requests,
       errors = monitor_minutes.errors + excluded.errors,
       viewers = GREATEST(monitor_minutes.viewers, excluded.viewers),
       bytes = monitor_minutes.bytes + excluded.bytes`,
    [
      rows.map((r) => r.minute.toISOString()),
      rows.map((r) => r.requests),
      rows.map((r) => r.errors),
      rows.map((r) => r.viewers),
      rows.map((r) => r.bytes),
    ],
  );
}

/** The stored minutes from `since` on, oldest first. */
export async function listMonitorMinutes(since: Date): Promise<MonitorMinuteRow[]> {
  const rows = await query<{ minute: Date; requests: number; errors: number; viewers: number; bytes: string | number }>(
    `SELECT minute, requests, errors, viewers, bytes FROM monitor_minutes WHERE minute >= $1 ORDER BY minute`,
    [since.toISOString()],
  );
  return rows.map((r) => ({ ...r, minute: new Date(r.minute), bytes: Number(r.bytes) }));
}

export async function pruneMonitorMinutes(maxAgeDays: number): Promise<void> {
  await query(`DELETE FROM monitor_minutes WHERE minute < now() - make_interval(days => $1)`, [maxAgeDays]);
}
