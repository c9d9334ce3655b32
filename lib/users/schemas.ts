import { z } from 'zod';

import { roleSchema, type Role } from '@/lib/auth/schemas';

// Shared by the /users form (zodResolver) and /api/users. Imports only zod (and the zod-only auth schemas).
export { roleSchema, type Role };

export const usernameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._@-]{3,50}$/, 'use 3-50 letters, digits, . _ @ or -');

export const passwordSchema = z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters');

export const createUserSchema = z.strictObject({
  username: usernameSchema,
  password: passwordSchema,
  role: roleSchema.default('viewer'),
  isActive: z.boolean().default(true),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z.strictObject({
  username: usernameSchema.optional(),
  password: passwordSchema.optional(),
  role: roleSchema.optional(),
  isActive: z.boolean().optional(),
});
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const setupSchema = z.strictObject({ username: usernameSchema, password: passwordSchema });

/** What the API and pages show of a panel user; never the hash. */
export interface PanelUser {
  id: string;
  username: string;
  role: Role;
  isActive: boolean;
  createdAt: string;
  lastLogin: string | null;
}
