import { query } from '../client';

export interface UpstreamRow {
  id: string;
  name: string;
  server_url: string;
  username: string;
  password_encrypted: string;
  kind: 'xtream' | 'm3u';
  /** M3U upstreams: the playlist URL, encrypted (it often carries credentials). */
  playlist_url_encrypted: string | null;
  /** M3U upstreams: the guide URL given with the playlist. */
  epg_url: string | null;
  is_active: boolean;
  timeout_seconds: number;
  priority: number;
  user_agent: string | null;
  max_connections: number | null;
  provider_max_connections: number | null;
  expires_at: Date | null;
  sync_interval_minutes: number;
  server_info: Record<string, unknown> | null;
  last_sync_at: Date | null;
  last_sync_status: string | null;
  last_success_at: Date | null;
  last_error: string | null;
  last_test_at: Date | null;
  last_test_error: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface UpstreamWithCounts extends UpstreamRow {
  live: number;
  vod: number;
  series: number;
}

const WITH_COUNTS = `
  SELECT u.*,
    coalesce(c.live, 0)::int AS live, coalesce(c.vod, 0)::int AS vod, coalesce(c.series, 0)::int AS series
  FROM upstream_servers u
  LEFT JOIN (
    SELECT upstream_server_id,
      count(*) FILTER (WHERE stream_type = 'live') AS live,
      count(*) FILTER (WHERE stream_type = 'vod') AS vod,
      count(*) FILTER (WHERE stream_type = 'series') AS series
    FROM synced_content WHERE removed_at IS NULL GROUP BY upstream_server_id
  ) c ON c.upstream_server_id = u.id`;

export async function listUpstreamRows(limit: number, offset: number): Promise<{ rows: UpstreamWithCounts[]; total: number }> {
  const rows = await query<UpstreamWithCounts>(`${WITH_COUNTS} ORDER BY u.priority DESC, u.name LIMIT $1 OFFSET $2`, [limit, offset]);
  const [{ n }] = await query<{ n: number }>('SELECT count(*)::int AS n FROM upstream_servers');
  return { rows, total: n };
}

export async function findUpstreamWithCounts(id: string): Promise<UpstreamWithCounts | undefined> {
  const [row] = await query<UpstreamWithCounts>(`${WITH_COUNTS} WHERE u.id = $1`, [id]);
  return row;
}

export async function findUpstream(id: string): Promise<UpstreamRow | undefined> {
  const [row] = await query<UpstreamRow>('SELECT * FROM upstream_servers WHERE id = $1', [id]);
  return row;
}

/** Every upstream's server URL by id: the host its artwork links trust (the stream SSRF rule). */
export async function upstreamServerUrls(): Promise<Map<string, string>> {
  const rows = await query<{ id: string; server_url: string }>('SELECT id, server_url FROM upstream_servers');
  return new Map(rows.map((r) => [r.id, r.server_url]));
}

export async function listActiveUpstreamIds(): Promise<string[]> {
  const rows = await query<{ id: string }>('SELECT id FROM upstream_servers WHERE is_active ORDER BY priority DESC, name');
  return rows.map((r) => r.id);
}

/**
 * Active upstreams whose scheduled sync is due: the shorter of the upstream's own interval and the
 * panel's (`maxMinutes`, the syncIntervalHours setting). 0 on either side means "manual only".
 */
export async function listUpstreamsDueForSync(maxMinutes = 0): Promise<string[]> {
  if (maxMinutes <= 0) return [];
  const rows = await query<{ id: string }>(
    `SELECT id FROM upstream_servers
      WHERE is_active AND sync_interval_minutes > 0
        AND (last_sync_at IS NULL OR last_sync_at < now() - make_interval(mins => LEAST(sync_interval_minutes, $1::int)))`,
    [maxMinutes],
  );
  return rows.map((r) => r.id);
}

export interface UpstreamFields {
  name: string;
  serverUrl: string;
  username: string;
  passwordEncrypted: string;
  isActive: boolean;
  timeoutSeconds: number;
  priority: number;
  userAgent: string | null;
  maxConnections: number | null;
  syncIntervalMinutes: number;
}

/** Inserts an upstream and its own guide source (its XMLTV, or the M3U's guide URL) in one statement. */
export async function insertUpstream(f: UpstreamFields & Partial<PlaylistFields>): Promise<string> {
  const [row] = await query<{ id: string }>(
    `WITH u AS (
       INSERT INTO upstream_servers (name, server_url, username, password_encrypted, is_active, timeout_seconds, priority,
         user_agent, max_connections, sync_interval_minutes, kind, playlist_url_encrypted, epg_url)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id, name
     ), s AS (INSERT INTO epg_sources (name, upstream_server_id) SELECT name, id FROM u)
     SELECT id FROM u`,
    [f.name, f.serverUrl, f.username, f.passwordEncrypted, f.isActive, f.timeoutSeconds, f.priority, f.userAgent, f.maxConnections, f.syncIntervalMinutes,
      f.kind ?? 'xtream', f.playlistUrlEncrypted ?? null, f.epgUrl ?? null],
  );
  return row.id;
}

export interface PlaylistFields {
  kind: 'xtream' | 'm3u';
  playlistUrlEncrypted: string | null;
  epgUrl: string | null;
}

const COLUMN: Record<keyof UpstreamFields | 'playlistUrlEncrypted' | 'epgUrl', string> = {
  playlistUrlEncrypted: 'playlist_url_encrypted',
  epgUrl: 'epg_url',
  name: 'name',
  serverUrl: 'server_url',
  username: 'username',
  passwordEncrypted: 'password_encrypted',
  isActive: 'is_active',
  timeoutSeconds: 'timeout_seconds',
  priority: 'priority',
  userAgent: 'user_agent',
  maxConnections: 'max_connections',
  syncIntervalMinutes: 'sync_interval_minutes',
};

/** Sets exactly the given fields (null is a value: it clears user_agent or max_connections). */
export async function updateUpstreamRow(id: string, patch: Partial<UpstreamFields & Omit<PlaylistFields, 'kind'>>): Promise<boolean> {
  const keys = (Object.keys(patch) as (keyof typeof patch)[]).filter((k) => patch[k] !== undefined);
  const sets = keys.map((k, i) => `${COLUMN[k]} = $${i + 2}`);
  const rows = await query(
    `UPDATE upstream_servers SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING id`,
    [id, ...keys.map((k) => patch[k])],
  );
  return rows.length > 0;
}

export async function deleteUpstreamRow(id: string): Promise<boolean> {
  return (await query('DELETE FROM upstream_servers WHERE id = $1 RETURNING id', [id])).length > 0;
}

/** What a successful login told us about the account. */
export async function recordUpstreamAccount(
  id: string,
  account: { expiresAt: Date | null; maxConnections: number | null; serverInfo: Record<string, unknown> },
): Promise<void> {
  await query(
    `UPDATE upstream_servers SET expires_at = $2, provider_max_connections = $3, server_info = $4::jsonb WHERE id = $1`,
    [id, account.expiresAt, account.maxConnections, JSON.stringify(account.serverInfo)],
  );
}

export async function recordSyncOutcome(id: string, outcome: { status: string; error: string | null; success: boolean }): Promise<void> {
  await query(
    `UPDATE upstream_servers SET last_sync_at = now(), last_sync_status = $2, last_error = $3,
       last_success_at = CASE WHEN $4 THEN now() ELSE last_success_at END
     WHERE id = $1`,
    [id, outcome.status, outcome.error, outcome.success],
  );
}

/** The outcome of a connection test or a stream open: an error in words, or null when it worked. */
export async function recordUpstreamHealth(id: string, error: string | null): Promise<void> {
  await query(`UPDATE upstream_servers SET last_test_at = now(), last_test_error = $2 WHERE id = $1`, [id, error]);
}
