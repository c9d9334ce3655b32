import { query } from '../client';

export interface ItemCountRow {
  source: 'upstream' | 'local';
  type: 'live' | 'movie' | 'series';
  n: number;
}

/** Servable items by type and source (removed items and disabled upstreams excluded). */
export async function itemCounts(): Promise<ItemCountRow[]> {
  return query<ItemCountRow>(
    `SELECT 'upstream' AS source, CASE s.stream_type WHEN 'vod' THEN 'movie' ELSE s.stream_type END AS type, count(*)::int AS n
       FROM synced_content s JOIN upstream_servers u ON u.id = s.upstream_server_id
      WHERE s.removed_at IS NULL AND u.is_active GROUP BY 2
     UNION ALL
     SELECT 'local', content_type, count(*)::int FROM local_content WHERE is_active GROUP BY 2`,
  );
}

export async function entityCounts(): Promise<{ upstreams: number; upstreams_active: number; upstreams_failing: number; lines: number; lines_active: number }> {
  const [row] = await query<{ upstreams: number; upstreams_active: number; upstreams_failing: number; lines: number; lines_active: number }>(
    `SELECT (SELECT count(*)::int FROM upstream_servers) AS upstreams,
            (SELECT count(*)::int FROM upstream_servers WHERE is_active) AS upstreams_active,
            (SELECT count(*)::int FROM upstream_servers WHERE is_active AND last_sync_status IN ('failed', 'partial')) AS upstreams_failing,
            (SELECT count(*)::int FROM lines) AS lines,
            (SELECT count(*)::int FROM lines WHERE status = 'active' AND (expires_at IS NULL OR expires_at > now())) AS lines_active`,
  );
  return row;
}
