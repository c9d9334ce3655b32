import { getServerSession } from 'next-auth';
import { getToken } from 'next-auth/jwt';
import type { NextRequest } from 'next/server';
import type { Role } from '@/lib/users/schemas';
import { getAuthOptions } from './options';
import { loadUser } from './user-cache';

export interface SessionUser {
  id: string;
  username: string;
  role: Role;
}

async function fromUserId(id: string | undefined): Promise<SessionUser | null> {
  if (!id) return null;
  const row = await loadUser(id);
  if (!row || !row.is_active) return null;
  return { id: row.id, username: row.username, role: row.role };
}

/** For server components: the signed-in, still active user, with the role as the database has it now. */
export async function getCurrentUser(): Promise<SessionUser | null> {
  const session = await getServerSession(getAuthOptions());
  return fromUserId(session?.user?.id);
}

/** For route handlers: reads the session cookie of this request. */
export async function userFromRequest(req: NextRequest): Promise<SessionUser | null> {
  const token = await getToken({ req, secret: process.env.NEXTAUTH_SECRET });
  return fromUserId(typeof token?.sub === 'string' ? token.sub : undefined);
}
