import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCookie } from './helpers/admin-session';
import { expectHeading, login, useBrowser, waitForPath, watchCspViolations } from './helpers/browser';
import { startPanel, type Panel, withServerLogs } from './helpers/server';

const ADMIN = { username: 'admin', password: 'e2e-admin-Passw0rd!' };
const PASSWORD = 'e2e-user-Passw0rd!';

/**
 * Signs in over plain HTTP with the body as a form or as JSON (next-auth reads both), with extra
 * headers; answers whether a session cookie came back and the error next-auth named.
 */
async function signIn(base: string, username: string, password: string, as: 'form' | 'json', headers: Record<string, string> = {}) {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(';')[0]);
  const fields = { csrfToken, username, password, json: 'true' };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': as === 'form' ? 'application/x-www-form-urlencoded' : 'application/json', cookie: jar.join('; '), ...headers },
    body: as === 'form' ? new URLSearchParams(fields).toString() : JSON.stringify(fields),
  });
  const set = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  const body = (await res.json().catch(() => ({}))) as { url?: string };
  const error = body.url ? new URL(body.url).searchParams.get('error') : null;
  return { status: res.status, signedIn: set.some((c) => c.startsWith('next-auth.session-token=')), error, cookie: [...jar, ...set].join('; ') };
}

/** Sends `bytes` of body with a Content-Length and resolves with the status (the server may close early). */
function postLarge(base: string, path: string, bytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(bytes) } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const write = () => {
      while (sent < bytes) {
        const part = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
        sent += part.length;
        if (!req.write(part)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

describe('security of the admin side', () => {
  let panel: Panel;
  let admin: string;
  const { newPage } = useBrowser();
  const withLogs = (fn: () => Promise<void>) => withServerLogs(panel, fn);
  const api = (path: string, init: RequestInit = {}) => fetch(`${panel.baseUrl}${path}`, init);
  const createUser = async (username: string) => {
    const res = await api('/api/users', { method: 'POST', headers: { cookie: admin, 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD, role: 'admin' }) });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };

  beforeAll(async () => {
    panel = await startPanel({ env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password } });
    admin = await adminCookie(panel.baseUrl, ADMIN);
  });
  afterAll(async () => {
    await panel?.stop();
  });

  it('after 5 wrong passwords the right one is refused, as a form body and as a JSON body', () =>
    withLogs(async () => {
      await createUser('limit-a');
      expect((await signIn(panel.baseUrl, 'limit-a', PASSWORD, 'json')).signedIn).toBe(true);
      for (let i = 0; i < 5; i++) expect((await signIn(panel.baseUrl, 'limit-a', `wrong-${i}`, 'form')).error).toBe('CredentialsSignin');
      for (const as of ['form', 'json'] as const) {
        const right = await signIn(panel.baseUrl, 'limit-a', PASSWORD, as);
        expect({ as, status: right.status, signedIn: right.signedIn, error: right.error }).toEqual({ as, status: 429, signedIn: false, error: 'RateLimited' });
      }
    }));

  it('12 wrong passwords, each with a new X-Forwarded-For (no TRUSTED_PROXIES), block the account from this IP', () =>
    withLogs(async () => {
      await createUser('limit-b');
      for (let i = 0; i < 12; i++) {
        const spoof = { 'x-forwarded-for': `203.0.113.${i + 1}`, 'x-neropanel-peer': `198.51.100.${i + 1}` };
        await signIn(panel.baseUrl, 'limit-b', `wrong-${i}`, i % 2 ? 'json' : 'form', spoof);
      }
      const right = await signIn(panel.baseUrl, 'limit-b', PASSWORD, 'form', { 'x-forwarded-for': '203.0.113.99' });
      expect({ signedIn: right.signedIn, error: right.error }).toEqual({ signedIn: false, error: 'RateLimited' });
    }));

  it('a text/plain POST to /api/users from another origin creates nothing; a plain JSON POST without Origin works', () =>
    withLogs(async () => {
      const forged = await api('/api/users', {
        method: 'POST',
        headers: { cookie: admin, 'content-type': 'text/plain', origin: 'http://evil.example' },
        body: JSON.stringify({ username: 'forged', password: PASSWORD, role: 'admin' }),
      });
      expect([403, 415]).toContain(forged.status);
      const list = (await (await api('/api/users', { headers: { cookie: admin } })).json()) as { items: { username: string }[] };
      expect(list.items.map((u) => u.username)).not.toContain('forged');
      await createUser('by-script');
    }));

  it('/login, / and the admin API answer with the security headers', () =>
    withLogs(async () => {
      for (const [path, cookie] of [['/login', ''], ['/', admin], ['/api/users', admin]] as const) {
        const res = await api(path, { headers: { cookie }, redirect: 'manual' });
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
        expect(res.headers.get('x-frame-options')).toBe('DENY');
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('referrer-policy')).toBe('no-referrer');
        expect(res.headers.get('x-powered-by')).toBeNull();
        expect(res.headers.get('strict-transport-security')).toBeNull(); // PUBLIC_URL is not https here
        if (path !== '/api/users') {
          const nonce = /'nonce-([^']+)'/.exec(csp)![1];
          expect(await res.text()).toContain(`nonce="${nonce}"`);
        }
      }
    }));

  it('the pages work under the policy: sign-in form, dashboard, users page, no CSP violation', () =>
    withLogs(async () => {
      const page = await newPage({ viewport: { width: 1280, height: 900 } });
      const violations = await watchCspViolations(page);
      await login(page, panel.baseUrl, ADMIN.username, ADMIN.password).catch((err: Error) => {
        throw new Error(`${err.message}; CSP violations: ${violations.join(' | ')}`);
      });
      await waitForPath(page, '/');
      await expectHeading(page, 'Dashboard');
      await page.locator('[data-testid="nav-users"]:visible').click();
      await waitForPath(page, '/users');
      await expectHeading(page, 'Users');
      await page.locator('[data-testid="end-sessions-by-script"]').waitFor();
      expect(violations.join('\n')).toBe('');
    }));

  it('a callbackUrl that would leave the site (/%09/evil.example, //evil) lands on / after sign-in', () =>
    withLogs(async () => {
      for (const callback of ['/%09/evil.example', encodeURIComponent('//evil.example')]) {
        const page = await newPage();
        await page.goto(`${panel.baseUrl}/login?callbackUrl=${callback}`);
        await page.locator('input[name="username"]').fill(ADMIN.username);
        await page.locator('input[name="password"]').fill(ADMIN.password);
        await page.locator('button[type="submit"]').click();
        await page.waitForURL((u) => u.pathname !== '/login', { timeout: 20_000, waitUntil: 'commit' });
        expect(new URL(page.url()).host).toBe(new URL(panel.baseUrl).host);
        expect(new URL(page.url()).pathname).toBe('/');
      }
    }));

  it('an old session cookie answers 401 after sign-out and after a password change', () =>
    withLogs(async () => {
      const id = await createUser('session-user');
      const first = await signIn(panel.baseUrl, 'session-user', PASSWORD, 'form');
      expect((await api('/api/users', { headers: { cookie: first.cookie } })).status).toBe(200);
      const { csrfToken } = (await (await api('/api/auth/csrf', { headers: { cookie: first.cookie } })).json()) as { csrfToken: string };
      const out = await api('/api/auth/signout', {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: first.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrfToken, json: 'true' }).toString(),
      });
      expect(out.status).toBeLessThan(400);
      expect((await api('/api/users', { headers: { cookie: first.cookie } })).status).toBe(401);

      const second = await signIn(panel.baseUrl, 'session-user', PASSWORD, 'json');
      expect((await api('/api/users', { headers: { cookie: second.cookie } })).status).toBe(200);
      const changed = await api(`/api/users/${id}`, { method: 'PATCH', headers: { cookie: admin, 'content-type': 'application/json' }, body: JSON.stringify({ password: 'a-new-e2e-Passw0rd!' }) });
      expect(changed.status).toBe(200);
      expect((await api('/api/users', { headers: { cookie: second.cookie } })).status).toBe(401);
      // the page guard too: the admin pages send the old cookie to /login
      const page = await api('/users', { headers: { cookie: second.cookie }, redirect: 'manual' });
      expect(page.status).toBeGreaterThanOrEqual(300);
      expect(page.status).toBeLessThan(400);
      expect(page.headers.get('location') ?? '').toContain('/login');
    }));

  it('20 MB to /api/setup and 20 KB to the sign-in callback are refused with 413', () =>
    withLogs(async () => {
      expect(await postLarge(panel.baseUrl, '/api/setup', 20 * 1024 * 1024)).toBe(413);
      expect(await postLarge(panel.baseUrl, '/api/auth/callback/credentials', 20 * 1024)).toBe(413);
      expect(await postLarge(panel.baseUrl, '/api/users', 2 * 1024 * 1024)).toBe(413);
      expect((await api('/api/health')).status).toBe(200);
    }));
});
