import { query } from '../client';

export interface RenameRuleRow {
  id: string;
  pattern: string;
  replacement: string;
  scope: 'item' | 'category';
  content_type: 'live' | 'movie' | 'series' | null;
  upstream_server_id: string | null;
  position: number;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface RenameRuleFields {
  pattern: string;
  replacement: string;
  scope: 'item' | 'category';
  contentType: 'live' | 'movie' | 'series' | null;
  upstreamId: string | null;
  position: number;
  enabled: boolean;
}

const COLUMN: Record<keyof RenameRuleFields, string> = {
  pattern: 'pattern',
  replacement: 'replacement',
  scope: 'scope',
  contentType: 'content_type',
  upstreamId: 'upstream_server_id',
  position: 'position',
  enabled: 'enabled',
};

/** In the order they apply: position, then the oldest first. */
export async function listRenameRuleRows(onlyEnabled = false): Promise<RenameRuleRow[]> {
  return query<RenameRuleRow>(`SELECT * FROM rename_rules ${onlyEnabled ? 'WHERE enabled' : ''} ORDER BY position, created_at, id`);
}

export async function findRenameRuleRow(id: string): Promise<RenameRuleRow | undefined> {
  const [row] = await query<RenameRuleRow>('SELECT * FROM rename_rules WHERE id = $1', [id]);
  return row;
}

export async function insertRenameRule(f: RenameRuleFields): Promise<RenameRuleRow> {
  const keys = Object.keys(COLUMN) as (keyof RenameRuleFields)[];
  const [row] = await query<RenameRuleRow>(
    `INSERT INTO rename_rules (${keys.map((k) => COLUMN[k]).join(', ')}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`,
    keys.map((k) => f[k]),
  );
  return row;
}

export async function updateRenameRuleRow(id: string, patch: Partial<RenameRuleFields>): Promise<RenameRuleRow | undefined> {
  const keys = (Object.keys(patch) as (keyof RenameRuleFields)[]).filter((k) => patch[k] !== undefined);
  const sets = [...keys.map((k, i) => `${COLUMN[k]} = $${i + 2}`), 'updated_at = now()'];
  const [row] = await query<RenameRuleRow>(`UPDATE rename_rules SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, [id, ...keys.map((k) => patch[k])]);
  return row;
}

export async function deleteRenameRuleRow(id: string): Promise<boolean> {
  const rows = await query('DELETE FROM rename_rules WHERE id = $1 RETURNING id', [id]);
  return rows.length > 0;
}

export interface NameRow {
  name: string;
  upstream_server_id: string | null;
}

/** Provider names a rule could change (for its preview): items or categories of a type, of one upstream when given. */
export async function providerNames(f: { scope: 'item' | 'category'; kind?: 'live' | 'vod' | 'series'; upstreamId?: string | null }, limit: number): Promise<NameRow[]> {
  const params: unknown[] = [];
  if (f.scope === 'category') {
    const where = ['removed_at IS NULL'];
    if (f.kind) where.push(`category_type = $${params.push(f.kind)}`);
    if (f.upstreamId) where.push(`upstream_server_id = $${params.push(f.upstreamId)}`);
    return query<NameRow>(`SELECT name::text AS name, upstream_server_id FROM categories WHERE ${where.join(' AND ')} ORDER BY id LIMIT $${params.push(limit)}`, params);
  }
  const where = ['removed_at IS NULL'];
  if (f.kind) where.push(`stream_type = $${params.push(f.kind)}`);
  if (f.upstreamId) where.push(`upstream_server_id = $${params.push(f.upstreamId)}`);
  const synced = `SELECT name::text AS name, upstream_server_id, public_id FROM synced_content WHERE ${where.join(' AND ')}`;
  const local = f.upstreamId || f.kind === 'live'
    ? ''
    : ` UNION ALL SELECT title::text, NULL, public_id FROM local_content WHERE is_active${f.kind ? ` AND content_type = '${f.kind === 'vod' ? 'movie' : 'series'}'` : ''}`;
  return query<NameRow>(`SELECT name, upstream_server_id FROM (${synced}${local}) n ORDER BY public_id LIMIT $${params.push(limit)}`, params);
}
