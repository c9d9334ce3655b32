import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectHeading, login, useBrowser, waitForPath, watchCspViolations } from './helpers/browser';
import { lanAddress, startPanel, type Panel, withServerLogs } from './helpers/server';

const ADMIN = { username: 'admin', password: 'e2e-admin-Passw0rd!' };

const PAGES = [
  { testId: 'nav-dashboard', path: '/', h1: 'Dashboard' },
  { testId: 'nav-upstream', path: '/upstream', h1: 'Upstream servers' },
  { testId: 'nav-local-content', path: '/local-content', h1: 'Local content' },
  { testId: 'nav-content-browser', path: '/content-browser', h1: 'Content browser' },
  { testId: 'nav-epg', path: '/epg', h1: 'Guide' },
  { testId: 'nav-api-monitor', path: '/api-monitor', h1: 'API monitor' },
  { testId: 'nav-routing-rules', path: '/routing-rules', h1: 'Routing rules' },
  { testId: 'nav-lines', path: '/lines', h1: 'Player accounts' },
  { testId: 'nav-users', path: '/users', h1: 'Users' },
  { testId: 'nav-audit', path: '/audit', h1: 'Audit log' },
  { testId: 'nav-settings', path: '/settings', h1: 'Settings' },
];

const lan = lanAddress();
if (!lan) console.warn('admin-shell: this machine has no non-loopback IPv4 address; the LAN login test is skipped');

describe('admin shell (bootstrap admin from ADMIN_USERNAME/ADMIN_PASSWORD)', () => {
  let panel: Panel;
  const { newPage } = useBrowser();

  beforeAll(async () => {
    panel = await startPanel({ env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password } });
  });
  afterAll(async () => {
    await panel?.stop();
  });

  const withLogs = (fn: () => Promise<void>) => withServerLogs(panel, fn);

  it('sends a page without a session (/users) to /login', async () => {
    const page = await newPage();
    await page.goto(`${panel.baseUrl}/users`);
    await waitForPath(page, '/login');
  });

  it('logs in to the dashboard, and every sidebar link opens its page, with no CSP violation', () =>
    withLogs(async () => {
      const page = await newPage({ viewport: { width: 1280, height: 900 } });
      const violations = await watchCspViolations(page);
      await login(page, panel.baseUrl, ADMIN.username, ADMIN.password);
      await waitForPath(page, '/');
      await expectHeading(page, 'Dashboard');
      // Visit in an order where every click changes the page, ending back on the dashboard.
      for (const p of [...PAGES.slice(1), PAGES[0]]) {
        await page.locator(`[data-testid="${p.testId}"]:visible`).click();
        await waitForPath(page, p.path);
        await expectHeading(page, p.h1);
      }
      expect(violations.join('\n')).toBe('');
    }));

  it('logs out to /login, after which / redirects to /login', () =>
    withLogs(async () => {
      const page = await newPage({ viewport: { width: 1280, height: 900 } });
      await login(page, panel.baseUrl, ADMIN.username, ADMIN.password);
      await expectHeading(page, 'Dashboard');
      await page.locator('[data-testid="logout"]:visible').click();
      await waitForPath(page, '/login');
      await page.goto(`${panel.baseUrl}/`);
      await waitForPath(page, '/login');
    }));

  it('opens the navigation from the menu button at 390 px', () =>
    withLogs(async () => {
      const page = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      await login(page, panel.baseUrl, ADMIN.username, ADMIN.password);
      await expectHeading(page, 'Dashboard');
      const users = page.locator('[data-testid="nav-users"]:visible');
      expect(await users.count(), 'nav links hidden until the menu opens').toBe(0);
      await page.locator('[data-testid="open-nav"]').click();
      await users.waitFor({ state: 'visible' });
      await users.click();
      await waitForPath(page, '/users');
      await expectHeading(page, 'Users');
    }));

  it('logs in through http://127.0.0.1:<port>', () =>
    withLogs(async () => {
      const page = await newPage();
      await login(page, `http://127.0.0.1:${panel.port}`, ADMIN.username, ADMIN.password);
      await waitForPath(page, '/');
      await expectHeading(page, 'Dashboard');
      expect(new URL(page.url()).host).toBe(`127.0.0.1:${panel.port}`);
    }));

  it.skipIf(!lan)(
    `logs in through the machine's own address ${lan ? `http://${lan}:<port>` : '(skipped: no non-loopback IPv4 address on this machine)'}`,
    () =>
      withLogs(async () => {
        const page = await newPage();
        await login(page, `http://${lan}:${panel.port}`, ADMIN.username, ADMIN.password);
        await waitForPath(page, '/');
        await expectHeading(page, 'Dashboard');
        expect(new URL(page.url()).host).toBe(`${lan}:${panel.port}`);
      }),
  );

  // Last: it blocks the admin from this IP for a while.
  it('answers the 6th wrong password in a row with 429', async () => {
    const csrf = await fetch(`${panel.baseUrl}/api/auth/csrf`);
    expect(csrf.status).toBe(200);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const cookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    expect(csrfToken).toBeTruthy();

    const statuses: number[] = [];
    for (let i = 1; i <= 6; i++) {
      const res = await fetch(`${panel.baseUrl}/api/auth/callback/credentials`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        body: new URLSearchParams({ csrfToken, username: ADMIN.username, password: `wrong-password-${i}`, json: 'true' }),
      });
      statuses.push(res.status);
      const text = await res.text();
      if (i < 6) {
        // A refused sign-in, not a session: next-auth answers with an error URL.
        expect(res.status, `attempt ${i}: ${text}`).not.toBe(429);
        expect(res.headers.getSetCookie().some((c) => /session-token=[^;]/.test(c)), `attempt ${i} got a session`).toBe(false);
      }
    }
    expect(statuses[5], `statuses: ${statuses.join(', ')}`).toBe(429);
  });
});
