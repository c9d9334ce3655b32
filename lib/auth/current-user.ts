import { getServerSession } from 'next-auth';
import { getToken } from 'next-auth/jwt';
import type { NextRequest } from 'next/server';
import { getAuthOptions } from './options';
import { fromToken, type SessionUser } from './session-user';
import { getEnv } from '@/lib/env';

export type { SessionUser };

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

