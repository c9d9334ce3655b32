import { query } from '../client';

export interface LineRow {
  id: string;
  username: string;
  password_encrypted: string;
  password_hmac: string;
  max_connections: number;
  expires_at: Date | null;
  is_trial: boolean;
  status: 'active' | 'disabled' | 'banned';
  allowed_output_formats: ('ts' | 'm3u8')[];
  on_limit: 'kick_oldest' | 'refuse';
  notes: string | null;
  last_seen_at: Date | null;
  created_at: Date;
  updated_at: Date;
  /** The line's bouquets in order (present where a query selects them). */
  bouquet_ids?: string[];
}

// A line's bouquets in order, as one column (migration 0007).
const WITH_BOUQUETS = `SELECT l.*, coalesce((SELECT array_agg(lb.bouquet_id::text ORDER BY lb.position) FROM line_bouquets lb WHERE lb.line_id = l.id), '{}') AS bouquet_ids FROM lines l`;

export async function findLineByUsername(username: string): Promise<LineRow | undefined> {
  const [row] = await query<LineRow>(`${WITH_BOUQUETS} WHERE l.username = $1`, [username]);
  return row;
}

export async function findLineById(id: string): Promise<LineRow | undefined> {
  const [row] = await query<LineRow>(`${WITH_BOUQUETS} WHERE l.id = $1`, [id]);
  return row;
}

export async function findLineUsernames(ids: string[]): Promise<{ id: string; username: string }[]> {
  if (ids.length === 0) return [];
  return query<{ id: string; username: string }>('SELECT id, username FROM lines WHERE id = ANY($1::uuid[])', [ids]);
}

export async function listLineRows(limit: number, offset: number, q?: string): Promise<{ rows: LineRow[]; total: number }> {
  const where = q ? `WHERE l.username ILIKE '%' || $3 || '%'` : '';
  const params = q ? [limit, offset, q] : [limit, offset];
  const rows = await query<LineRow>(`${WITH_BOUQUETS} ${where} ORDER BY l.created_at DESC, l.username LIMIT $1 OFFSET $2`, params);
  const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM lines ${q ? `WHERE username ILIKE '%' || $1 || '%'` : ''}`, q ? [q] : []);
  return { rows, total: n };
}

export interface LineFields {
  username: string;
  passwordEncrypted: string;
  passwordHmac: string;
  maxConnections: number;
  expiresAt: string | null;
  isTrial: boolean;
  status: string;
  allowedOutputFormats: string[];
  onLimit: string;
  notes: string | null;
}

const COLUMN: Record<keyof LineFields, string> = {
  username: 'username',
  passwordEncrypted: 'password_encrypted',
  passwordHmac: 'password_hmac',
  maxConnections: 'max_connections',
  expiresAt: 'expires_at',
  isTrial: 'is_trial',
  status: 'status',
  allowedOutputFormats: 'allowed_output_formats',
  onLimit: 'on_limit',
  notes: 'notes',
};

export async function insertLine(f: LineFields): Promise<LineRow> {
  const keys = Object.keys(COLUMN) as (keyof LineFields)[];
  const [row] = await query<LineRow>(
    `INSERT INTO lines (${keys.map((k) => COLUMN[k]).join(', ')}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`,
    keys.map((k) => f[k]),
  );
  return row;
}

export async function updateLineRow(id: string, patch: Partial<LineFields>): Promise<LineRow | undefined> {
  const keys = (Object.keys(patch) as (keyof LineFields)[]).filter((k) => patch[k] !== undefined);
  const sets = keys.map((k, i) => `${COLUMN[k]} = $${i + 2}`);
  const [row] = await query<LineRow>(
    `UPDATE lines SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING *`,
    [id, ...keys.map((k) => patch[k])],
  );
  return row;
}

export async function deleteLineRow(id: string): Promise<LineRow | undefined> {
  const [row] = await query<LineRow>('DELETE FROM lines WHERE id = $1 RETURNING *', [id]);
  return row;
}
