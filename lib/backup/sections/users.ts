import crypto from 'node:crypto';
import { z } from 'zod';
import { findUserIdsByUsername, insertRestoredUser, readTable, updateUserRole } from '@/db/queries/backup';
import { hashPassword } from '@/lib/auth/password';
import { defineSection } from '../section';

const row = z.strictObject({
  id: z.guid(),
  username: z.string().min(1).max(50),
  role: z.enum(['admin', 'viewer']),
  isActive: z.boolean(),
});

/**
 * Panel users without their password hashes. A user who exists here (same username) keeps their
 * password and gets the document's role; a new one is created with an unusable random password, for
 * an admin to set on the Users page.
 */
export const usersSection = defineSection({
  name: 'users',
  schema: z.array(row).max(1000),
  async read() {
    return (await readTable('users')).map((r) => ({ id: r.id as string, username: r.username as string, role: r.role as 'admin' | 'viewer', isActive: r.is_active as boolean }));
  },
  async write(rows, ctx) {
    const existing = await findUserIdsByUsername(rows.map((r) => r.username));
    for (const r of rows) {
      const id = existing.get(r.username);
      // The admin restoring keeps their own role and access: a document cannot lock them out.
      if (id) {
        if (id !== ctx.actorId) await updateUserRole(id, r.role, r.isActive);
      } else {
        await insertRestoredUser({ id: r.id, username: r.username, role: r.role, isActive: r.isActive, passwordHash: await hashPassword(crypto.randomBytes(24).toString('base64url')) });
      }
    }
    return rows.length;
  },
});
