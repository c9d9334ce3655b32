import { beforeAll, describe, expect, test } from 'vitest';
import { decode, encode } from 'next-auth/jwt';
import { NextRequest } from 'next/server';
import { query } from '@/db/client';
import { withFreshDatabase } from '../helpers/database';
import { call, makeUser, sessionCookie, type TestUser } from '../helpers/admin-api';
import * as health from '@/app/api/health/route';
import * as setup from '@/app/api/setup/route';
import * as usersApi from '@/app/api/users/route';
import * as userApi from '@/app/api/users/[id]/route';
import * as userSessionsApi from '@/app/api/users/[id]/sessions/route';
import { getAuthOptions } from '@/lib/auth/options';
import { forgetSetupState } from '@/lib/setup/first-run';

withFreshDatabase();

let admin: TestUser;

beforeAll(async () => {
  forgetSetupState();
  admin = await makeUser('sec-admin', 'admin');
});

const countUsers = async () => (await query<{ n: number }>('SELECT count(*)::int AS n FROM users'))[0].n;
const newUser = (username: string) => ({ username, password: 'long-enough-password', role: 'viewer' });
const whoAmI = (cookie: string) => call(usersApi.GET, '/api/users', { cookie });

describe('cross-site requests to the admin API', () => {
  test('a text/plain POST from another origin creates nothing', async () => {
    const before = await countUsers();
    const res = await call(usersApi.POST, '/api/users', {
      method: 'POST',
      cookie: admin.cookie,
      rawBody: JSON.stringify(newUser('csrf-victim')),
      headers: { 'content-type': 'text/plain', origin: 'http://evil.example' },
    });
    expect([403, 415]).toContain(res.status);
    expect(res.json.error.code).toMatch(/forbidden|unsupported_media_type/);
    expect(await countUsers()).toBe(before);
  });

  test('JSON from another origin, or a browser saying cross-site, is a 403', async () => {
    const cases: Record<string, string>[] = [{ origin: 'http://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'null' }];
    for (const headers of cases) {
      const res = await call(usersApi.POST, '/api/users', { method: 'POST', cookie: admin.cookie, body: newUser('csrf-json'), headers });
      expect({ headers, status: res.status }).toEqual({ headers, status: 403 });
    }
  });

  test('a form or text body without Origin is a 415 (a cross-site form can send nothing else)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await call(usersApi.POST, '/api/users', { method: 'POST', cookie: admin.cookie, rawBody: 'username=x', headers: { 'content-type': type } });
      expect({ type, status: res.status }).toEqual({ type, status: 415 });
      expect(res.json.error.code).toBe('unsupported_media_type');
    }
  });

  test('a plain JSON POST without Origin (a script) works, and so does one from the panel itself', async () => {
    expect((await call(usersApi.POST, '/api/users', { method: 'POST', cookie: admin.cookie, body: newUser('from-script') })).status).toBe(201);
    const own = await call(usersApi.POST, '/api/users', {
      method: 'POST',
      cookie: admin.cookie,
      body: newUser('from-browser'),
      headers: { origin: 'http://panel.example:3000', host: 'panel.example:3000', 'sec-fetch-site': 'same-origin' },
    });
    expect(own.status).toBe(201);
  });
});

describe('request body limits', () => {
  test('an admin JSON body over 1 MB is a 413, declared or chunked', async () => {
    const big = JSON.stringify({ ...newUser('huge'), padding: 'x'.repeat(1024 * 1024) });
    const declared = await call(usersApi.POST, '/api/users', { method: 'POST', cookie: admin.cookie, rawBody: big, headers: { 'content-length': String(big.length) } });
    expect(declared.status).toBe(413);
    expect(declared.json.error.code).toBe('payload_too_large');
    const { res, pulled } = await streamTo(usersApi.POST, '/api/users', 2 * 1024 * 1024, admin.cookie);
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(1024 * 1024 + 128 * 1024);
  });

  test('20 MB to /api/setup: 413 after at most 16 KB read, RSS grows under 50 MB', async () => {
    global.gc?.();
    const rss = process.memoryUsage().rss;
    const { res, pulled } = await streamTo(setup.POST, '/api/setup', 20 * 1024 * 1024);
    expect(res.status).toBe(413);
    // the stream is pulled a few chunks ahead of the reader; the point is that 20 MB are never read
    expect(pulled).toBeLessThan(512 * 1024);
    expect(process.memoryUsage().rss - rss).toBeLessThan(50 * 1024 * 1024);
  });
});

/** A chunked JSON body of `bytes` (no Content-Length), counting how much of it the handler pulled. */
async function streamTo(handler: (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>, path: string, bytes: number, cookie?: string) {
  const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new TextEncoder().encode('{"username":"'));
    },
    pull(c) {
      if (pulled >= bytes) return c.close();
      pulled += chunk.byteLength;
      c.enqueue(chunk);
    },
  });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (cookie) headers.cookie = cookie;
  const init = { method: 'POST', headers, body, duplex: 'half' };
  const req = new NextRequest(`http://127.0.0.1:3999${path}`, init as ConstructorParameters<typeof NextRequest>[1]);
  const res = await handler(req, { params: Promise.resolve({}) });
  return { res, pulled };
}

describe('sessions end', () => {
  test('sign-out ends the session: the old cookie answers 401', async () => {
    const user = await makeUser('leaving', 'viewer');
    expect((await whoAmI(user.cookie)).status).toBe(200);
    const token = { sub: user.id, name: user.username, sid: await sidOf(user.cookie) };
    await getAuthOptions().events!.signOut!({ token, session: null as never });
    expect((await whoAmI(user.cookie)).status).toBe(401);
  });

  test('a password change ends every session of that user', async () => {
    const user = await makeUser('changing', 'viewer');
    const second = await sessionCookie(user);
    const res = await call(userApi.PATCH, `/api/users/${user.id}`, { method: 'PATCH', cookie: admin.cookie, params: { id: user.id }, body: { password: 'a-brand-new-password' } });
    expect(res.status).toBe(200);
    expect((await whoAmI(user.cookie)).status).toBe(401);
    expect((await whoAmI(second)).status).toBe(401);
    expect((await whoAmI(await sessionCookie(user))).status).toBe(200);
  });

  test("an admin ends a user's sessions", async () => {
    const user = await makeUser('ended', 'viewer');
    const res = await call(userSessionsApi.DELETE, `/api/users/${user.id}/sessions`, { method: 'DELETE', cookie: admin.cookie, params: { id: user.id } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ revoked: 1 });
    expect((await whoAmI(user.cookie)).status).toBe(401);
    const viewerTries = await call(userSessionsApi.DELETE, `/api/users/${admin.id}/sessions`, { method: 'DELETE', cookie: (await makeUser('nosy', 'viewer')).cookie, params: { id: admin.id } });
    expect(viewerTries.status).toBe(403);
  });

  test('idle 12 hours or signed in 7 days ago: the session has ended', async () => {
    const idle = await makeUser('idle', 'viewer');
    await query(`UPDATE user_sessions SET last_seen_at = now() - interval '12 hours 1 minute' WHERE user_id = $1`, [idle.id]);
    expect((await whoAmI(idle.cookie)).status).toBe(401);
    const old = await makeUser('old', 'viewer');
    await query(`UPDATE user_sessions SET created_at = now() - interval '7 days 1 minute' WHERE user_id = $1`, [old.id]);
    expect((await whoAmI(old.cookie)).status).toBe(401);
  });

  test('a token without a session id (issued before sessions could end) is refused', async () => {
    const token = await encode({ token: { sub: admin.id, name: admin.username }, secret: process.env.NEXTAUTH_SECRET! });
    expect((await whoAmI(`next-auth.session-token=${token}`)).status).toBe(401);
  });
});

describe('/api/health', () => {
  test('without a session: status and db only; an admin sees more', async () => {
    const open = await call(health.GET as never, '/api/health');
    expect(open.status).toBe(200);
    expect(open.json).toEqual({ status: 'ok', db: 'ok' });
    const full = await call(health.GET as never, '/api/health', { cookie: admin.cookie });
    expect(full.json).toMatchObject({ status: 'ok', db: 'ok', version: expect.any(String) });
  });
});

async function sidOf(cookie: string): Promise<string | undefined> {
  const token = await decode({ token: cookie.slice(cookie.indexOf('=') + 1), secret: process.env.NEXTAUTH_SECRET! });
  return token?.sid;
}
