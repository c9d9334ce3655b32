import { getServerSession } from 'next-auth';
import { getToken } from 'next-auth/jwt';
import { NextRequest } from 'next/server';
import type { Role } from '@/lib/auth/schemas';
import { getAuthOptions } from './options';
import { sessionIsLive } from './sessions';
import { loadUser } from './user-cache';
import { getEnv } from '@/lib/env';

export interface SessionUser {
  id: string;
  username: string;
  role: Role;
}

// A valid JWT is not enough: its session must still be live (not signed out, not ended by a password
// change or an admin, not idle 12 h, not older than 7 days), and the user active.
async function fromToken(userId: unknown, sessionId: unknown): Promise<SessionUser | null> {
  if (typeof userId !== 'string' || !userId) return null;
  if (!(await sessionIsLive(sessionId, userId))) return null;
  const row = await loadUser(userId);
  if (!row || !row.is_active) return null;
  return { id: row.id, username: row.username, role: row.role };
}

/** For server components: the signed-in, still active user, with the role as the database has it now. */
export async function getCurrentUser(): Promise<SessionUser | null> {
  const options = getAuthOptions();
  // The session callback hides the token, so read it once more through the same options.
  const session = await getServerSession({
    ...options,
    callbacks: { ...options.callbacks, session: ({ session, token }) => ({ ...session, user: { id: token.sub ?? '', name: token.name ?? '' }, sid: token.sid }) },
  });
  return fromToken(session?.user?.id, (session as { sid?: unknown } | null)?.sid);
}

/** For route handlers: reads the session cookie of this request. */
export async function userFromRequest(req: NextRequest): Promise<SessionUser | null> {
  const token = await getToken({ req, secret: getEnv().NEXTAUTH_SECRET });
  return fromToken(token?.sub, token?.sid);
}

/** For the node:http front (the admin preview): the session behind a Cookie header, as for route handlers. */
export async function userFromCookieHeader(cookie: string | undefined): Promise<SessionUser | null> {
  if (!cookie) return null;
  return userFromRequest(new NextRequest('http://panel.local/', { headers: { cookie } }));
}
