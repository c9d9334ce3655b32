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
  last_ip: string | null;
  created_at: Date;
  updated_at: Date;
  /** The line's bouquets in order (present where a query selects them). */
  bouquet_ids?: string[];
  /** The client IPs banned for the line (present where a query selects them). */
  banned_ips?: string[];
}

// A line's bouquets in order (migration 0007) and its banned client IPs (0011), each as one column.
const WITH_BOUQUETS = `SELECT l.*,
  coalesce((SELECT array_agg(lb.bouquet_id::text ORDER BY lb.position) FROM line_bouquets lb WHERE lb.line_id = l.id), '{}') AS bouquet_ids,
  coalesce((SELECT array_agg(b.ip::text ORDER BY b.ip) FROM line_ip_bans b WHERE b.line_id = l.id), '{}') AS banned_ips
  FROM lines l`;

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

/**
 * The newest admitted request of each account (from the request log's batch): last_seen_at and
 * last_ip move forward only, so replicas flushing out of order never step back.
 */
export async function markLinesSeen(seen: { lineId: string; at: Date; ip: string }[]): Promise<void> {
  if (seen.length === 0) return;
  await query(
    `UPDATE lines l SET last_seen_at = s.at, last_ip = s.ip
       FROM unnest($1::uuid[], $2::timestamptz[], $3::varchar[]) AS s (id, at, ip)
      WHERE l.id = s.id AND (l.last_seen_at IS NULL OR l.last_seen_at <= s.at)`,
    [seen.map((s) => s.lineId), seen.map((s) => s.at.toISOString()), seen.map((s) => s.ip.slice(0, 64))],
  );
}
