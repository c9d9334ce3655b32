import { getToken } from 'next-auth/jwt';
import { getEnv } from '@/lib/env';
import { fromToken, type SessionUser } from './session-user';

/** Cookie header → name/value pairs (first value wins, values percent-decoded when they can be). */
function parseCookies(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    if (name in out) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      out[name] = decodeURIComponent(raw);
    } catch {
      out[name] = raw;
    }
  }
  return out;
}

/**
 * For the node:http front (the admin preview stream): the live session behind a request's Cookie
 * header, read as route handlers read it (next-auth's JWT, then the session row), without loading
 * Next itself into the server bundle.
 */
export async function userFromCookieHeader(cookie: string | undefined): Promise<SessionUser | null> {
  if (!cookie) return null;
  const req = { headers: { cookie }, cookies: parseCookies(cookie) } as unknown as Parameters<typeof getToken>[0]['req'];
  const token = await getToken({ req, secret: getEnv().NEXTAUTH_SECRET });
  return fromToken(token?.sub, token?.sid);
}
