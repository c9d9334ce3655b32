import { query } from '../client';

export interface ApiRequestInsert {
  at: Date;
  line: string | null;
  action: string;
  path: string;
  status: number;
  durationMs: number;
  ip: string;
  userAgent: string | null;
  /** Why it was refused or failed, in words. */
  reason?: string | null;
  /** The upstreams tried, in order. */
  upstreams?: { upstreamId: string | null; name: string; result: string; detail: string }[] | null;
}

export interface ApiRequestRow {
  at: Date;
  line: string | null;
  action: string | null;
  path: string;
  status: number;
  duration_ms: number;
  ip: string | null;
  user_agent: string | null;
  reason: string | null;
  upstreams: ApiRequestInsert['upstreams'];
}

export interface ApiRequestFilter {
  line?: string;
  action?: string;
  ip?: string;
  /** An exact status, or a class as its lower and upper bound (400..499). */
  status?: { from: number; to: number };
}

/** One multi-row INSERT for a batch of the request log; the account id is looked up here, off the hot path. */
export async function insertApiRequests(rows: ApiRequestInsert[]): Promise<void> {
  if (rows.length === 0) return;
  await query(
    `INSERT INTO api_requests (at, line_id, line, action, path, status, duration_ms, ip, user_agent, reason, upstreams)
     SELECT r.at, l.id, r.line, r.action, r.path, r.status, r.duration_ms, r.ip, r.user_agent, r.reason, r.upstreams::jsonb
       FROM unnest($1::timestamptz[], $2::varchar[], $3::varchar[], $4::text[], $5::int[], $6::int[], $7::varchar[], $8::text[], $9::text[], $10::text[])
            AS r (at, line, action, path, status, duration_ms, ip, user_agent, reason, upstreams)
       LEFT JOIN lines l ON l.username = r.line`,
    [
      rows.map((r) => r.at.toISOString()),
      rows.map((r) => r.line),
      rows.map((r) => r.action),
      rows.map((r) => r.path),
      rows.map((r) => r.status),
      rows.map((r) => r.durationMs),
      rows.map((r) => r.ip),
      rows.map((r) => r.userAgent),
      rows.map((r) => r.reason ?? null),
      rows.map((r) => (r.upstreams?.length ? JSON.stringify(r.upstreams) : null)),
    ],
  );
}

/** Newest first, with the total for the same filter. */
export async function listApiRequests(filter: ApiRequestFilter, limit: number, offset: number): Promise<{ rows: ApiRequestRow[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.line !== undefined) where.push(`line = $${params.push(filter.line)}`);
  if (filter.action !== undefined) where.push(`action = $${params.push(filter.action)}`);
  if (filter.ip !== undefined) where.push(`ip = $${params.push(filter.ip)}`);
  if (filter.status) where.push(`status BETWEEN $${params.push(filter.status.from)} AND $${params.push(filter.status.to)}`);
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const rows = await query<ApiRequestRow>(
    `SELECT at, line, action, path, status, duration_ms, ip, user_agent, reason, upstreams FROM api_requests ${clause}
      ORDER BY at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, limit, offset],
  );
  const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM api_requests ${clause}`, params);
  return { rows, total: n };
}

/** Retention: rows older than `maxAgeDays`, and all but the newest `maxRows`. */
export async function pruneApiRequests(maxAgeDays: number, maxRows: number): Promise<void> {
  await query(`DELETE FROM api_requests WHERE at < now() - make_interval(days => $1)`, [maxAgeDays]);
  await query(
    `DELETE FROM api_requests WHERE id <= (SELECT id FROM api_requests ORDER BY id DESC OFFSET $1 LIMIT 1)`,
    [maxRows],
  );
}
