import { z } from 'zod';

// Shared by the tokens route and the settings page's token section. Imports only zod.

export const createTokenSchema = z
  .object({
    name: z.string().trim().min(1, 'required').max(100, 'must be at most 100 characters'),
    role: z.enum(['admin', 'viewer'], { message: 'must be admin or viewer' }),
    expiresAt: z.coerce.date({ message: 'must be a date' }).nullable().optional(),
  })
  .strict();

export interface TokenView {
  id: string;
  name: string;
  role: 'admin' | 'viewer';
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
  state: 'active' | 'expired' | 'revoked';
}
