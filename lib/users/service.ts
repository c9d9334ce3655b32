import { transaction } from '@/db/client';
import * as users from '@/db/queries/users';
import { AppError, conflict, notFound } from '@/lib/errors';
import { hashPassword } from '@/lib/auth/password';
import { endUserSessions } from '@/lib/auth/sessions';
import { forgetUser } from '@/lib/auth/user-cache';
import type { CreateUserInput, PanelUser, UpdateUserInput } from './schemas';

export function toPanelUser(row: users.UserRow): PanelUser {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    isActive: row.is_active,
    createdAt: row.created_at.toISOString(),
    lastLogin: row.last_login ? row.last_login.toISOString() : null,
  };
}

export async function listUsers({ page = 1, pageSize = 50 }: { page?: number; pageSize?: number } = {}) {
  const { rows, total } = await users.listUsersPage(pageSize, (page - 1) * pageSize);
  return { items: rows.map(toPanelUser), total, page, pageSize };
}

export async function getUser(id: string): Promise<PanelUser> {
  const row = await users.findUserById(id);
  if (!row) throw notFound('user');
  return toPanelUser(row);
}

export async function createUser(input: CreateUserInput): Promise<PanelUser> {
  if (await users.findUserByUsername(input.username)) throw usernameTaken();
  const row = await users
    .insertUser({ username: input.username, passwordHash: await hashPassword(input.password), role: input.role, isActive: input.isActive })
    .catch(rethrowDuplicate);
  return toPanelUser(row);
}

export async function updateUser(id: string, input: UpdateUserInput): Promise<PanelUser> {
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  const row = await transaction(async () => {
    const current = await users.findUserById(id);
    if (!current) throw notFound('user');
    const losesAdmin = (input.role && input.role !== 'admin') || input.isActive === false;
    if (current.role === 'admin' && current.is_active && losesAdmin) await assertAnotherAdmin(id);
    if (input.username && input.username.toLowerCase() !== current.username.toLowerCase()) {
      if (await users.findUserByUsername(input.username)) throw usernameTaken();
    }
    return users.updateUserRow(id, { ...input, passwordHash }).catch(rethrowDuplicate);
  });
  // A new password ends every session signed in with the old one.
  if (passwordHash) await endUserSessions(id);
  forgetUser(id);
  return toPanelUser(row!);
}

export async function deleteUser(id: string): Promise<void> {
  await transaction(async () => {
    const current = await users.findUserById(id);
    if (!current) throw notFound('user');
    if (current.role === 'admin' && current.is_active) await assertAnotherAdmin(id);
    await users.deleteUserRow(id);
  });
  forgetUser(id);
}

/** An admin's "end sessions": every cookie the user holds stops working. */
export async function endSessionsOf(id: string): Promise<{ revoked: number }> {
  if (!(await users.findUserById(id))) throw notFound('user');
  return { revoked: await endUserSessions(id) };
}

async function assertAnotherAdmin(id: string) {
  if ((await users.countOtherActiveAdmins(id)) === 0) {
    throw new AppError('last_admin', 'The last active admin cannot be removed, disabled or demoted');
  }
}

const usernameTaken = () => conflict('username is already taken', { username: 'already taken' });

function rethrowDuplicate(err: unknown): never {
  if ((err as { code?: string }).code === '23505') throw usernameTaken();
  throw err;
}
