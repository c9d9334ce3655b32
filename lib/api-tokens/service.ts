import { createHash, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { findApiTokenByHash, insertApiToken, listApiTokens, revokeApiToken, touchApiToken, type ApiTokenRow } from '@/db/queries/api-tokens';
import { AppError } from '@/lib/errors';
import { logger } from '@/lib/monitor/logger';
import { createTokenSchema, type TokenView } from './schemas';

export { createTokenSchema, type TokenView } from './schemas';

/** API tokens (API.md "Operations"): `np_` and 43 url-safe characters; only their SHA-256 is stored. */
export const TOKEN_PREFIX = 'np_';

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

function view(row: ApiTokenRow): TokenView {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  const state = row.revoked_at ? 'revoked' : row.expires_at && new Date(row.expires_at).getTime() <= Date.now() ? 'expired' : 'active';
  return { id: row.id, name: row.name, role: row.role, expiresAt: iso(row.expires_at), lastUsedAt: iso(row.last_used_at), revokedAt: iso(row.revoked_at), createdAt: iso(row.created_at)!, state };
}

export async function createToken(input: z.infer<typeof createTokenSchema>, createdBy: string | null): Promise<TokenView & { token: string }> {
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
    throw new AppError('validation_failed', 'expiresAt: must be in the future', { expiresAt: 'must be in the future' });
  }
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const row = await insertApiToken({ name: input.name, role: input.role, tokenHash: hashToken(token), expiresAt: input.expiresAt ?? null, createdBy });
  return { ...view(row), token };
}

export async function listTokens(): Promise<TokenView[]> {
  return (await listApiTokens()).map(view);
}

export async function revokeToken(id: string): Promise<TokenView> {
  const row = await revokeApiToken(id);
  if (!row) throw new AppError('not_found', 'No such token');
  return view(row);
}

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
  // At most one write a minute per token (the query decides); a failure never refuses the request.
  await touchApiToken(row.id).catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'could not record a token use'));
  return { id: row.created_by ?? row.id, username: `token:${row.name}`, role: row.role, token: { id: row.id, name: row.name } };
}
