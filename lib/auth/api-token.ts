import { createHash } from 'node:crypto';
import { findApiTokenByHash, touchApiToken } from '@/db/queries/api-tokens';
import { logger } from '@/lib/monitor/logger';

/** API tokens (API.md "Operations"): `np_` and 43 url-safe characters; only their SHA-256 is stored. */
export const TOKEN_PREFIX = 'np_';

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export interface TokenUser {
  /** The user who created the token (it acts on their behalf), or the token's id once they are gone. */
  id: string;
  username: string;
  role: 'admin' | 'viewer';
  token: { id: string; name: string };
}

/** The bearer token of a request, if it sent one (`Authorization: Bearer <token>`). */
export function bearerToken(req: Request): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get('authorization') ?? '');
  return m?.[1];
}

/** The token's identity, or null when it is unknown, revoked or expired (the caller answers 401). */
export async function userFromToken(token: string): Promise<TokenUser | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const row = await findApiTokenByHash(hashToken(token));
  if (!row || row.revoked_at) return null;
  if (row.expires_at && new Date(row.expires_at).getTime() <= Date.now()) return null;
  // A token acts for the user who made it: never after that user is switched off, never above their role now.
  if (row.creator_active === false) return null;
  const role = row.creator_role === 'viewer' ? 'viewer' : row.role;
  // At most one write a minute per token (the query decides); a failure never refuses the request.
  await touchApiToken(row.id).catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'could not record a token use'));
  return { id: row.created_by ?? row.id, username: `token:${row.name}`, role, token: { id: row.id, name: row.name } };
}
