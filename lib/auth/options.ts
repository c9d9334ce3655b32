import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { findUserByUsername, touchLastLogin } from '@/db/queries/users';
import { loginSchema } from '@/lib/users/schemas';
import { adminLoginKey, adminLoginLimiter } from './failure-limiter';
import { clientIp } from './client-ip';
import { DUMMY_HASH, verifyPassword } from './password';

export const SESSION_MAX_AGE_S = 7 * 24 * 3600;

/** next-auth options; built per call so the secret is read after start-up filled it in. */
export function getAuthOptions(): NextAuthOptions {
  return {
    secret: process.env.NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        name: 'NeroPanel',
        credentials: { username: { label: 'Username', type: 'text' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          const parsed = loginSchema.safeParse(credentials ?? {});
          if (!parsed.success) return null;
          const { username, password } = parsed.data;
          const key = adminLoginKey(clientIp(req.headers ?? {}), username);
          const user = await findUserByUsername(username);
          const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
          if (!user || !ok || !user.is_active) {
            await adminLoginLimiter.recordFailure(key);
            return null;
          }
          adminLoginLimiter.recordSuccess(key);
          await touchLastLogin(user.id);
          return { id: user.id, name: user.username, role: user.role };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.name = user.name;
        }
        return token;
      },
      session({ session, token }) {
        session.user = { id: token.sub ?? '', name: token.name ?? '' };
        return session;
      },
    },
  };
}
