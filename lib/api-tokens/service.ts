import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { insertApiToken, listApiTokens, revokeApiToken, type ApiTokenRow } from '@/db/queries/api-tokens';
import { hashToken, TOKEN_PREFIX } from '@/lib/auth/api-token';
import { AppError } from '@/lib/errors';
import { createTokenSchema, type TokenView } from './schemas';

export { createTokenSchema, type TokenView } from './schemas';

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
