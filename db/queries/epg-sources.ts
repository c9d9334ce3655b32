import { query } from '../client';

export interface EpgSourceRow {
  id: string;
  name: string;
  url_encrypted: string | null;
  upstream_server_id: string | null;
  priority: number;
  enabled: boolean;
  refresh_hours: number;
  status: string;
  last_refresh_at: Date | null;
  last_success_at: Date | null;
  error: string | null;
  channel_count: number;
  programme_count: number;
  created_at: Date;
  guide_fingerprint: string | null;
  guide_etag: string | null;
  guide_last_modified: string | null;
  guide_stored_at: Date | null;
  guide_complete_until: Date | null;
}

/** Every upstream has its own guide source (created with the upstream, or here for older rows). */
export async function ensureUpstreamSources(): Promise<void> {
  await query(
    `INSERT INTO epg_sources (name, upstream_server_id)
     SELECT u.name, u.id FROM upstream_servers u
      WHERE NOT EXISTS (SELECT 1 FROM epg_sources s WHERE s.upstream_server_id = u.id)
     ON CONFLICT (upstream_server_id) DO NOTHING`,
  );
}

export async function sourceOfUpstream(upstreamId: string): Promise<EpgSourceRow> {
  await query(
    `INSERT INTO epg_sources (name, upstream_server_id) SELECT name, id FROM upstream_servers WHERE id = $1
     ON CONFLICT (upstream_server_id) DO NOTHING`,
    [upstreamId],
  );
  const [row] = await query<EpgSourceRow>(`SELECT * FROM epg_sources WHERE upstream_server_id = $1`, [upstreamId]);
  return row;
}

export async function listSources(): Promise<EpgSourceRow[]> {
  await ensureUpstreamSources();
  // An upstream's own source is named after the upstream as it is named now.
  return query<EpgSourceRow>(
    `SELECT s.*, coalesce(u.name, s.name) AS name FROM epg_sources s LEFT JOIN upstream_servers u ON u.id = s.upstream_server_id
      ORDER BY s.priority DESC, coalesce(u.name, s.name), s.id`,
  );
}

export async function findSource(id: string): Promise<EpgSourceRow | undefined> {
  const [row] = await query<EpgSourceRow>(
    `SELECT s.*, coalesce(u.name, s.name) AS name FROM epg_sources s LEFT JOIN upstream_servers u ON u.id = s.upstream_server_id WHERE s.id = $1`,
    [id],
  );
  return row;
}

export interface SourceFields {
  name: string;
  url: string;
  priority: number;
  enabled: boolean;
  refreshHours: number;
}

export async function insertSource(f: SourceFields): Promise<string> {
  const [row] = await query<{ id: string }>(
    `INSERT INTO epg_sources (name, url_encrypted, priority, enabled, refresh_hours) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [f.name, f.url, f.priority, f.enabled, f.refreshHours],
  );
  return row.id;
}

const COLUMN: Record<keyof SourceFields, string> = {
  name: 'name',
  url: 'url_encrypted',
  priority: 'priority',
  enabled: 'enabled',
  refreshHours: 'refresh_hours',
};

export async function updateSourceRow(id: string, patch: Partial<SourceFields>): Promise<boolean> {
  const keys = (Object.keys(patch) as (keyof SourceFields)[]).filter((k) => patch[k] !== undefined);
  const sets = keys.map((k, i) => `${COLUMN[k]} = $${i + 2}`);
  const rows = await query(`UPDATE epg_sources SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING id`, [
    id,
    ...keys.map((k) => patch[k]),
  ]);
  return rows.length > 0;
}

/** An upstream's own source goes with its upstream, never alone. */
export async function deleteSourceRow(id: string): Promise<boolean> {
  return (await query(`DELETE FROM epg_sources WHERE id = $1 AND upstream_server_id IS NULL RETURNING id`, [id])).length > 0;
}

/** Claims a source for one refresh (a replica that died mid-refresh frees it after an hour). */
export async function claimSourceRefresh(id: string): Promise<boolean> {
  const rows = await query(
    `UPDATE epg_sources SET status = 'refreshing', updated_at = now()
      WHERE id = $1 AND (status <> 'refreshing' OR updated_at < now() - interval '1 hour') RETURNING id`,
    [id],
  );
  return rows.length > 0;
}

/** Writes a refresh's outcome; the counts are taken again unless the stored guide was kept as it was. */
export async function recordSourceRefresh(
  id: string,
  outcome: { status: 'ok' | 'failed' | 'empty'; error: string | null; success: boolean; guideKept?: boolean },
): Promise<void> {
  await query(
    `UPDATE epg_sources s SET status = $2, error = $3,
       last_refresh_at = now(),
       last_success_at = CASE WHEN $4 THEN now() ELSE s.last_success_at END,
       channel_count = CASE WHEN $5 THEN s.channel_count ELSE (SELECT count(*)::int FROM epg_channels c WHERE c.source_id = s.id) END,
       programme_count = CASE WHEN $5 THEN s.programme_count ELSE (SELECT count(*)::int FROM epg_programmes p WHERE p.source_id = s.id) END
     WHERE id = $1`,
    [id, outcome.status, outcome.error, outcome.success, outcome.guideKept === true],
  );
}

/** Enabled URL sources whose refresh is due (upstream guides refresh with their upstream's sync). */
export async function listSourcesDue(): Promise<string[]> {
  const rows = await query<{ id: string }>(
    `SELECT id FROM epg_sources
      WHERE enabled AND upstream_server_id IS NULL AND status <> 'refreshing'
        AND (last_refresh_at IS NULL OR last_refresh_at < now() - make_interval(hours => refresh_hours))`,
  );
  return rows.map((r) => r.id);
}
