import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { expectHeading, login, useBrowser } from './helpers/browser';
import { ADMIN, DESKTOP, SCREENSHOTS } from './helpers/page-suite';
import { startPanel, withServerLogs, type Panel } from './helpers/server';

// Must-shows 2, 3 and 5 of the admin UX issue, in a real browser against the production build.
let panel: Panel;
let healthy: FakeUpstream;
let failing: FakeUpstream;
const ids = { healthy: '', failing: '' };
const LINES = [
  { username: 'dash-alice', password: 'dash-alice-1' },
  { username: 'dash-bob', password: 'dash-bob-12' },
];
let newPage: ReturnType<typeof useBrowser>['newPage'];

const env = { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password };

async function api(page: Page, method: 'GET' | 'POST' | 'PATCH', url: string, data?: unknown) {
  const res = await page.request.fetch(`${panel.baseUrl}${url}`, { method, data });
  if (res.status() >= 300) throw new Error(`${method} ${url} answered ${res.status()}: ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

async function addUpstream(page: Page, name: string, fake: FakeUpstream, extra: Record<string, unknown> = {}): Promise<string> {
  const up = await api(page, 'POST', '/api/upstream', { name, serverUrl: fake.url, username: fake.username, password: fake.password, syncIntervalMinutes: 0, ...extra });
  const sync = (await api(page, 'POST', '/api/sync/now', { upstreamId: up.id })) as { jobs: { id: string }[] };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const job = await api(page, 'GET', `/api/sync/jobs/${sync.jobs[0].id}`);
    if (job.status === 'succeeded') break;
    if (job.status === 'failed' || Date.now() > deadline) throw new Error(`sync of ${name}: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return String(up.id);
}

async function liveIdsOf(page: Page, upstreamId: string): Promise<number[]> {
  const list = (await api(page, 'GET', `/api/content?type=live&upstreamId=${upstreamId}&pageSize=10`)) as { items: { publicId: number }[] };
  return list.items.map((i) => i.publicId);
}

/** Opens a live stream as a player; resolves on the first bytes. `closed` resolves when the panel ends it. */
function watch(url: string) {
  return new Promise<{ closed: Promise<number>; abort: () => void }>((resolve, reject) => {
    const req = http.get(url, { agent: false }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
      const closed = new Promise<number>((done) => res.on('close', () => done(Date.now())));
      res.once('data', () => resolve({ closed, abort: () => req.destroy() }));
      res.resume();
    });
    req.on('error', reject);
  });
}

async function signedIn(pagePath: string, heading: string): Promise<Page> {
  const page = await newPage(DESKTOP);
  await login(page, panel.baseUrl, ADMIN.username, ADMIN.password);
  await page.goto(`${panel.baseUrl}${pagePath}`);
  await expectHeading(page, heading);
  return page;
}

beforeAll(async () => {
  [panel, healthy, failing] = await Promise.all([
    startPanel({ env }),
    startFakeUpstream({ live: 3, vod: 1, series: 0, liveBytesPerSecond: 150_000 }),
    startFakeUpstream({ live: 2, vod: 1, series: 0 }),
  ]);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await Promise.all([panel?.stop(), healthy?.close(), failing?.close()]);
});

describe('dashboard', () => {
  ({ newPage } = useBrowser());
  it('names a failing upstream in red with its error within one refresh', { timeout: 120_000 }, () =>
    withServerLogs(panel, async () => {
      const page = await signedIn('/', 'Dashboard');
      ids.healthy = await addUpstream(page, 'Provider B', healthy, { maxConnections: 1 });
      ids.failing = await addUpstream(page, 'Provider Down', failing);
      for (const l of LINES) await api(page, 'POST', '/api/lines', { ...l, maxConnections: 1 });
      await page.reload();
      await expectHeading(page, 'Dashboard');
      const card = (name: string) => page.locator(`[data-testid="upstream-health"][data-name="${name}"]`);
      await card('Provider Down').waitFor();
      expect(await card('Provider Down').getAttribute('data-health')).toBe('ok');

      // The provider goes away; a connection test finds out. The open page learns it on its next refresh (5 s).
      await failing.close();
      const test = await api(page, 'POST', `/api/upstream/${ids.failing}/test`);
      expect(test.success).toBe(false);
      const t0 = Date.now();
      await card('Provider Down').and(page.locator('[data-health="failing"]')).waitFor({ timeout: 8_000 });
      expect(Date.now() - t0).toBeLessThan(8_000);
      const error = await card('Provider Down').locator('[data-testid="upstream-error"]').innerText();
      expect(error).toBe(String(test.message));
      // Red: the card's error text is drawn in the destructive colour.
      const color = await card('Provider Down').locator('[data-testid="upstream-error"]').evaluate((el) => getComputedStyle(el).color);
      const [r, g, b] = color.match(/\d+/g)!.map(Number);
      expect(r).toBeGreaterThan(150);
      expect(g).toBeLessThan(100);
      expect(b).toBeLessThan(100);
      expect(await card('Provider B').getAttribute('data-health')).toBe('ok');
      await page.locator('[data-testid="alert"][data-level="error"]', { hasText: 'Provider Down' }).waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-failing-upstream.png'), fullPage: true });
    }),
  );

  it('a player refused for lack of slots: the monitor drawer tells why', { timeout: 60_000 }, () =>
    withServerLogs(panel, async () => {
      const page = await signedIn('/api-monitor', 'API monitor');
      // The two fakes carry the same channels (copies): with the dead one off, Provider B is the only source.
      await api(page, 'PATCH', `/api/upstream/${ids.failing}`, { isActive: false });
      const [a, b] = await liveIdsOf(page, ids.healthy);
      const [alice, bob] = LINES;
      const holder = await watch(`${panel.baseUrl}/live/${alice.username}/${alice.password}/${a}.ts`);
      try {
        const refused = await fetch(`${panel.baseUrl}/live/${bob.username}/${bob.password}/${b}.ts`);
        expect(refused.status).toBe(503);
        const row = page.locator(`[data-testid="request-row"][data-line="${bob.username}"][data-status="503"]`);
        await row.first().waitFor({ timeout: 10_000 });
        await row.first().locator('[data-testid="open-request"]').click();
        const drawer = page.locator('[data-testid="request-drawer"]');
        await drawer.waitFor();
        expect(await drawer.locator('[data-testid="request-reason"]').innerText()).toContain('Provider B slots 1/1 in use');
        expect(await drawer.locator('[data-testid="request-upstreams"]').innerText()).toContain('Provider B');
        await page.screenshot({ path: path.join(SCREENSHOTS, 'monitor-drawer-refused.png') });
      } finally {
        holder.abort();
      }
    }),
  );

  it('a viewer stopped from the dashboard is disconnected within 2 s and its slot is free', { timeout: 60_000 }, () =>
    withServerLogs(panel, async () => {
      const page = await signedIn('/', 'Dashboard');
      const [a] = await liveIdsOf(page, ids.healthy);
      const [alice] = LINES;
      // The previous test's viewer may take a moment to leave.
      await expect.poll(async () => ((await api(page, 'GET', '/api/monitor/connections')) as { viewers: unknown[] }).viewers.length, { timeout: 10_000 }).toBe(0);
      const viewer = await watch(`${panel.baseUrl}/live/${alice.username}/${alice.password}/${a}.ts`);
      const row = page.locator(`[data-testid="watching-row"][data-line="${alice.username}"]`);
      await row.waitFor({ timeout: 10_000 });
      const clicked = Date.now();
      await row.locator('[data-testid="stop-viewer"]').click();
      const closedAt = await Promise.race([viewer.closed, new Promise<number>((r) => setTimeout(() => r(Infinity), 2_000))]);
      expect(closedAt - clicked).toBeLessThan(2_000);
      const lines = (await api(page, 'GET', `/api/lines?q=${alice.username}`)) as { items: { username: string; activeConnections: number }[] };
      expect(lines.items.find((l) => l.username === alice.username)?.activeConnections).toBe(0);
      await row.waitFor({ state: 'detached', timeout: 5_000 });
      // The slot is free: the same 1-connection account plays again at once.
      const again = await watch(`${panel.baseUrl}/live/${alice.username}/${alice.password}/${a}.ts`);
      again.abort();
    }),
  );

  it('charts show the last hour of requests after a restart (stored per minute)', { timeout: 120_000 }, () =>
    withServerLogs(panel, async () => {
      const [alice] = LINES;
      const N = 25;
      for (let i = 0; i < N; i++) {
        const res = await fetch(`${panel.baseUrl}/player_api.php?username=${alice.username}&password=${alice.password}&action=get_live_categories`);
        expect(res.status).toBe(200);
      }
      // The request log flushes every second; SIGTERM flushes too, but do not rely on it.
      await new Promise((r) => setTimeout(r, 2_500));
      const dataDir = panel.dataDir;
      await panel.stop({ keepData: true });
      panel = await startPanel({ env, dataDir });
      const page = await signedIn('/', 'Dashboard');
      await page.getByRole('button', { name: '1 h', exact: true }).click();
      await page.locator('[data-testid="traffic-charts"][data-hours="1"]').waitFor();
      const summary = await page.locator('[data-testid="chart-requests-summary"]').innerText();
      const requests = Number(/^([\d,]+) requests/.exec(summary)?.[1].replace(/,/g, ''));
      expect(requests).toBeGreaterThanOrEqual(N);
      // The curve itself is drawn (an SVG path with data), not only the number.
      await page.locator('[data-testid="chart-requests"] .recharts-area-area').first().waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-charts-after-restart.png'), fullPage: true });
    }),
  );
});
