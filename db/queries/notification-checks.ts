import { query } from '../client';

/** Active upstreams whose provider account ends within `days` (and has not ended more than a day ago). */
export async function upstreamsExpiringWithin(days: number): Promise<{ id: string; name: string; expires_at: Date }[]> {
  return query(
    `SELECT id, name, expires_at FROM upstream_servers
      WHERE is_active AND expires_at IS NOT NULL
        AND expires_at <= now() + make_interval(days => $1) AND expires_at > now() - interval '1 day'
      ORDER BY expires_at`,
    [days],
  );
}

/** Active upstreams whose last sync failed. */
export async function upstreamsFailingSync(): Promise<{ id: string; name: string; last_sync_at: Date | null; last_error: string | null }[]> {
  return query(`SELECT id, name, last_sync_at, last_error FROM upstream_servers WHERE is_active AND last_sync_status = 'failed' ORDER BY name`);
}

/** When the guide last changed, and the end of the last programme it holds (null: no guide at all). */
export async function guideFreshness(): Promise<{ updated_at: Date | null; last_stop: Date | null }> {
  const [row] = await query<{ updated_at: Date | null; last_stop: Date | null }>(
    `SELECT (SELECT max(updated_at) FROM epg_channels) AS updated_at, (SELECT max(stop_at) FROM epg_programmes) AS last_stop`,
  );
  return row ?? { updated_at: null, last_stop: null };
}

/** Player accounts refused for their connection limit at least `threshold` times in the last hour. */
export async function linesHittingLimit(threshold: number): Promise<{ line_id: string; line: string | null; hits: number }[]> {
  return query(
    `SELECT line_id, max(line) AS line, count(*)::int AS hits FROM api_requests
      WHERE status = 429 AND line_id IS NOT NULL AND at > now() - interval '1 hour'
      GROUP BY line_id HAVING count(*) >= $1 ORDER BY hits DESC LIMIT 50`,
    [threshold],
  );
}
