import { query } from '../client';

export interface ApiTokenRow {
  id: string;
  name: string;
  role: 'admin' | 'viewer';
  token_hash: string;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  created_by: string | null;
  created_at: Date;
}

export async function insertApiToken(t: { name: string; role: 'admin' | 'viewer'; tokenHash: string; expiresAt: Date | null; createdBy: string | null }): Promise<ApiTokenRow> {
  const [row] = await query<ApiTokenRow>(
    `INSERT INTO api_tokens (name, role, token_hash, expires_at, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
    [t.name, t.role, t.tokenHash, t.expiresAt, t.createdBy],
  );
  return row;
}

/** A token with the state of the user who created it (null when that user was deleted). */
export interface ApiTokenWithCreator extends ApiTokenRow {
  creator_active: boolean | null;
  creator_role: 'admin' | 'viewer' | null;
}

export async function findApiTokenByHash(hash: string): Promise<ApiTokenWithCreator | undefined> {
  const [row] = await query<ApiTokenWithCreator>(
    `SELECT t.*, u.is_active AS creator_active, u.role AS creator_role
       FROM api_tokens t LEFT JOIN users u ON u.id = t.created_by
      WHERE t.token_hash = $1`,
    [hash],
  );
  return row;
}

export async function listApiTokens(): Promise<ApiTokenRow[]> {
  return query<ApiTokenRow>('SELECT * FROM api_tokens ORDER BY created_at DESC');
}

/** Revokes a token; answers the row, or undefined when there is no such token. */
export async function revokeApiToken(id: string): Promise<ApiTokenRow | undefined> {
  const [row] = await query<ApiTokenRow>('UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING *', [id]);
  return row;
}

/** Records a use; at most one write a minute per token. */
export async function touchApiToken(id: string): Promise<void> {
  await query(`UPDATE api_tokens SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, [id]);
}
