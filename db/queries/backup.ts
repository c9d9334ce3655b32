import { query } from '../client';

// Reads and writes of the configuration backup (lib/backup). Every table a backup section touches is
// named here and only here; restore runs inside the caller's transaction.

type Row = Record<string, unknown>;

/** Column lists per table: what a backup carries (ids kept, so references between sections hold). */
export const BACKUP_COLUMNS = {
  upstream_servers: ['id', 'name', 'server_url', 'username', 'password_encrypted', 'is_active', 'timeout_seconds', 'priority', 'user_agent', 'max_connections', 'provider_max_connections', 'expires_at', 'sync_interval_minutes', 'kind', 'playlist_url_encrypted', 'epg_url'],
  categories: ['id', 'upstream_server_id', 'category_type', 'upstream_category_id', 'name', 'parent_id', 'sort_order'],
  public_ids: ['public_id', 'upstream_server_id', 'item_type', 'upstream_item_id'],
  lines: ['id', 'username', 'password_encrypted', 'password_hmac', 'max_connections', 'expires_at', 'is_trial', 'status', 'allowed_output_formats', 'on_limit', 'notes'],
  line_bouquets: ['line_id', 'bouquet_id', 'position'],
  line_ip_bans: ['line_id', 'ip', 'reason', 'created_by', 'created_at'],
  bouquets: ['id', 'name', 'add_items', 'remove_items'],
  bouquet_categories: ['bouquet_id', 'category_id', 'position'],
  category_overrides: ['category_id', 'name', 'hidden', 'position'],
  item_overrides: ['public_id', 'name', 'hidden', 'category_id', 'channel_number', 'logo', 'epg_channel_id'],
  rename_rules: ['id', 'pattern', 'replacement', 'scope', 'content_type', 'upstream_server_id', 'position', 'enabled'],
  content_routing: ['id', 'name', 'content_id', 'content_source', 'routing_type', 'priority', 'match', 'routing_config', 'enabled'],
  local_content: ['id', 'public_id', 'title', 'description', 'content_type', 'poster_url', 'stream_url', 'genre', 'release_year', 'rating', 'container_extension', 'category_id', 'metadata', 'is_active'],
  local_episodes: ['id', 'local_content_id', 'public_id', 'season', 'episode', 'title', 'description', 'stream_url', 'container_extension'],
  users: ['id', 'username', 'role', 'is_active'],
  epg_sources: ['id', 'name', 'url_encrypted', 'upstream_server_id', 'priority', 'enabled', 'refresh_hours'],
  epg_channel_map: ['public_id', 'source_id', 'epg_channel_id', 'matched_by', 'score', 'pinned', 'dummy', 'offset_minutes'],
} as const;

export type BackupTable = keyof typeof BACKUP_COLUMNS;

/** The conflict target per table (merge mode updates the row found there). */
const KEYS: Record<BackupTable, string> = {
  upstream_servers: 'id',
  categories: 'id',
  public_ids: 'public_id',
  lines: 'id',
  line_bouquets: 'line_id, bouquet_id',
  line_ip_bans: 'line_id, ip',
  bouquets: 'id',
  bouquet_categories: 'bouquet_id, category_id',
  category_overrides: 'category_id',
  item_overrides: 'public_id',
  rename_rules: 'id',
  content_routing: 'id',
  local_content: 'id',
  local_episodes: 'id',
  users: 'id',
  epg_sources: 'id',
  epg_channel_map: 'public_id',
};

const JSONB = new Set(['match', 'routing_config', 'metadata']);

/** Every row of a table, the backup's columns only, in a stable order. */
export async function readTable(table: BackupTable, where = ''): Promise<Row[]> {
  const cols = BACKUP_COLUMNS[table];
  const order = KEYS[table];
  const select = cols.map((c) => (c === 'public_id' || c === 'add_items' || c === 'remove_items' ? `${c}::text${c.endsWith('items') ? '[]' : ''} AS ${c}` : c)).join(', ');
  return query<Row>(`SELECT ${select} FROM ${table} ${where} ORDER BY ${order}`);
}

/** Upstream-free categories, or the categories of upstreams: both are in the backup. */
export const readCategories = () => readTable('categories');

/** Inserts rows (merge: a row with the same key is updated). Chunked, so large tables stay within parameter limits. */
export async function writeRows(table: BackupTable, rows: Row[]): Promise<number> {
  if (rows.length === 0) return 0;
  const cols = BACKUP_COLUMNS[table] as readonly string[];
  const keyCols = KEYS[table].split(',').map((s) => s.trim());
  const updates = cols.filter((c) => !keyCols.includes(c));
  const conflict = updates.length ? `DO UPDATE SET ${updates.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}` : 'DO NOTHING';
  const chunk = Math.max(1, Math.floor(30_000 / cols.length));
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const params: unknown[] = [];
    const values = part.map((row) => {
      const ph = cols.map((c) => {
        const v = row[c];
        params.push(JSONB.has(c) ? JSON.stringify(v ?? {}) : v === undefined ? null : v);
        return JSONB.has(c) ? `$${params.length}::jsonb` : `$${params.length}`;
      });
      return `(${ph.join(', ')})`;
    });
    await query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${values.join(', ')} ON CONFLICT (${KEYS[table]}) ${conflict}`, params);
  }
  return rows.length;
}

/** Restore "replace": the configuration goes (synced catalog and guide with their upstreams); users stay. */
export async function clearConfiguration(): Promise<void> {
  for (const table of [
    'line_bouquets',
    'line_ip_bans',
    'lines',
    'bouquet_categories',
    'bouquets',
    'item_overrides',
    'category_overrides',
    'rename_rules',
    'content_routing',
    'local_episodes',
    'local_content',
    'epg_channel_map',
    'epg_sources',
    'upstream_servers',
    'categories',
    'public_ids',
  ]) {
    await query(`DELETE FROM ${table}`);
  }
}

/**
 * An upstream's own guide source: one per upstream, so a restored one lands on the row that exists
 * (created with the upstream) whatever its id; answers that row's id.
 */
export async function upsertUpstreamGuideSource(r: { upstreamServerId: string; name: string; priority: number; enabled: boolean }): Promise<string> {
  const [row] = await query<{ id: string }>(
    `INSERT INTO epg_sources (name, upstream_server_id, priority, enabled) VALUES ($1, $2, $3, $4)
     ON CONFLICT (upstream_server_id) DO UPDATE SET priority = EXCLUDED.priority, enabled = EXCLUDED.enabled, updated_at = now()
     RETURNING id`,
    [r.name, r.upstreamServerId, r.priority, r.enabled],
  );
  return row.id;
}

/** After rows came in with their ids: the id sequences continue above them. */
export async function advanceSequences(): Promise<void> {
  await query(
    `SELECT setval('public_id_seq', greatest((SELECT last_value FROM public_id_seq),
       (SELECT coalesce(max(public_id), 0) FROM public_ids), (SELECT coalesce(max(public_id), 0) FROM local_content),
       (SELECT coalesce(max(public_id), 0) FROM local_episodes), (SELECT coalesce(max(public_id), 0) FROM synced_content), 1))`,
  );
  await query(`SELECT setval(pg_get_serial_sequence('categories', 'id'), greatest((SELECT coalesce(max(id), 0) FROM categories), 1))`);
}

/** Users by username (a restored user keeps the local password hash when one exists). */
export async function findUserIdsByUsername(usernames: string[]): Promise<Map<string, string>> {
  if (usernames.length === 0) return new Map();
  const rows = await query<{ id: string; username: string }>('SELECT id, username FROM users WHERE username = ANY($1::text[])', [usernames]);
  return new Map(rows.map((r) => [r.username, r.id]));
}

export async function updateUserRole(id: string, role: string, isActive: boolean): Promise<void> {
  await query('UPDATE users SET role = $2, is_active = $3, updated_at = now() WHERE id = $1', [id, role, isActive]);
}

export async function insertRestoredUser(u: { id: string; username: string; role: string; isActive: boolean; passwordHash: string }): Promise<void> {
  await query('INSERT INTO users (id, username, password_hash, role, is_active) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING', [u.id, u.username, u.passwordHash, u.role, u.isActive]);
}

/** Secrets kept in merge mode when the document carries none: the stored sealed values by id. */
export async function readSealedSecrets(
  table: 'upstream_servers' | 'lines',
  ids: string[],
): Promise<Map<string, { password_encrypted: string; password_hmac?: string; playlist_url_encrypted?: string | null; epg_url?: string | null }>> {
  if (ids.length === 0) return new Map();
  const cols = table === 'lines' ? 'id, password_encrypted, password_hmac' : 'id, password_encrypted, playlist_url_encrypted, epg_url';
  const rows = await query<{ id: string; password_encrypted: string; password_hmac?: string; playlist_url_encrypted?: string | null; epg_url?: string | null }>(`SELECT ${cols} FROM ${table} WHERE id = ANY($1::uuid[])`, [ids]);
  return new Map(rows.map((r) => [r.id, r]));
}
