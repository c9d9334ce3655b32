import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { findUserByUsername, touchLastLogin } from '@/db/queries/users';
import { headersClientIp } from '@/lib/net/client-ip';
import { logger } from '@/lib/monitor/logger';
import { loginSchema } from '@/lib/auth/schemas';
import { BcryptBusyError } from './bcrypt-worker';
import { adminIpLimiter, adminLoginKey, adminLoginLimiter } from './failure-limiter';
import { DUMMY_HASH, verifyPassword } from './password';
import { endSession, SESSION_MAX_AGE_S, startSession } from './sessions';
import { getEnv } from '@/lib/env';

export { SESSION_MAX_AGE_S };

type HeaderBag = Record<string, string | string[] | undefined>;

/**
 * The credentials check, wherever the request came in (form or JSON body, any next-auth route): a
 * blocked (IP, username) pair or IP is refused before any bcrypt work; the error code reaches the
 * login form as `?error=RateLimited` (or `Busy` when too many checks are already running).
 */
export async function authorizeCredentials(credentials: unknown, headers: HeaderBag | undefined) {
  const parsed = loginSchema.safeParse(credentials ?? {});
  if (!parsed.success) return null;
  const { username, password } = parsed.data;
  const ip = headersClientIp(headers ?? {});
  const key = adminLoginKey(ip, username);
  if (adminLoginLimiter.blockedFor(key) > 0 || adminIpLimiter.blockedFor(ip) > 0) throw new Error('RateLimited');
  let user: Awaited<ReturnType<typeof findUserByUsername>>;
  let ok: boolean;
  try {
    user = await findUserByUsername(username);
    ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  } catch (err) {
    if (err instanceof BcryptBusyError) throw new Error('Busy');
    // next-auth puts a thrown message into the redirect URL: never an internal one.
    logger.error({ err }, 'sign-in check failed');
    throw new Error('Unavailable');
  }
  if (!user || !ok || !user.is_active) {
    await Promise.all([adminLoginLimiter.recordFailure(key), adminIpLimiter.recordFailure(ip)]);
    return null;
  }
  // A success clears the pair's count only: one valid account must not reset an IP's failures.
  adminLoginLimiter.recordSuccess(key);
  await touchLastLogin(user.id);
  return { id: user.id, name: user.username, role: user.role };
}

/** next-auth options; built per call so the secret is read after start-up filled it in. */
export function getAuthOptions(): NextAuthOptions {
  return {
    secret: getEnv().NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        name: 'NeroPanel',
        credentials: { username: { label: 'Username', type: 'text' }, password: { label: 'Password', type: 'password' } },
        authorize: (credentials, req) => authorizeCredentials(credentials, req.headers),
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.name = user.name;
          token.sid = await startSession(user.id);
        }
        return token;
      },
      session({ session, token }) {
        session.user = { id: token.sub ?? '', name: token.name ?? '' };
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        await endSession(token?.sid);
      },
    },
  };
}
