import http from 'node:http';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { syncFakeCatalog, type SyncedCatalog } from './helpers/catalog';
import { ADMIN, DESKTOP, PHONE, SCREENSHOTS, settle, usePageSuite } from './helpers/page-suite';

const LINE = { username: 'activity.e2e', password: 'pw-activity-1' };
// Every 127.0.0.0/8 address is the loopback on Linux: a player "at" 127.0.0.2 is a real socket address.
const HOME = '127.0.0.1';
const AWAY = '127.0.0.2';
const THIRD = '127.0.0.3';

/** A stream from a chosen local address; resolves at its first bytes, `closed` when the panel ends it. */
function watchFrom(from: string, url: string) {
  return new Promise<{ closed: Promise<number>; abort: () => void }>((resolve, reject) => {
    const req = http.get(url, { agent: false, localAddress: from }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
      const closed = new Promise<number>((done) => {
        res.on('close', () => done(Date.now()));
        res.on('error', () => done(Date.now()));
      });
      res.once('data', () => resolve({ closed, abort: () => req.destroy() }));
      res.resume();
    });
    req.on('error', reject);
  });
}

/** The player login's status for the account, asked from a chosen local address. */
function loginStatusFrom(from: string, baseUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const q = new URLSearchParams({ username: LINE.username, password: LINE.password });
    http
      .get(`${baseUrl}/player_api.php?${q}`, { agent: false, localAddress: from }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => resolve((JSON.parse(body) as { user_info: { status: string } }).user_info.status));
      })
      .on('error', reject);
  });
}

const within = (p: Promise<number>, ms: number) => Promise.race([p, new Promise<number>((r) => setTimeout(() => r(Infinity), ms))]);

// The tests run in order and share the account and catalog of the first one.
describe('player accounts: live activity and IP bans (/lines, monitor, dashboard)', () => {
  const suite = usePageSuite({ fake: { live: 2, vod: 1, series: 0 } });
  let catalog: SyncedCatalog | undefined;
  const ready = async () => (catalog ??= await syncFakeCatalog(suite.panel, suite.fake, ADMIN, LINE));
  const streamUrl = () => `${suite.panel.baseUrl}/live/${LINE.username}/${LINE.password}/${catalog!.ids.live}.ts`;
  const row = (page: Page) => page.locator(`[data-testid="line-row"][data-username="${LINE.username}"]`);
  const bansOf = async (page: Page) => {
    const lines = (await (await page.request.get(`${suite.panel.baseUrl}/api/lines?q=${LINE.username}`)).json()) as { items: { id: string }[] };
    const res = await page.request.get(`${suite.panel.baseUrl}/api/lines/${lines.items[0].id}/bans`);
    return ((await res.json()) as { items: { id: string; ip: string; reason: string | null }[] }).items;
  };

  it('a row shows the last IP and last seen, and its connection count follows a stream without a reload', { timeout: 120_000 }, () =>
    suite.withLogs(async () => {
      await ready();
      const page = await suite.open('/lines', 'Player accounts', { context: DESKTOP });
      // syncFakeCatalog read the lists through player_api.php from this machine.
      await expect.poll(() => row(page).locator('[data-testid="line-last-ip"]').innerText(), { timeout: 10_000 }).toBe(HOME);
      expect(await row(page).locator('[data-testid="line-last-seen"]').innerText()).not.toBe('Never');
      expect(await row(page).locator('[data-testid="line-connections"]').innerText()).toBe('0 / 3');

      const viewer = await watchFrom(AWAY, streamUrl());
      try {
        await expect.poll(() => row(page).locator('[data-testid="line-connections"]').innerText(), { timeout: 20_000 }).toBe('1 / 3');
        // The stream was let in from AWAY: that is now the account's last IP.
        await expect.poll(() => row(page).locator('[data-testid="line-last-ip"]').innerText(), { timeout: 20_000 }).toBe(AWAY);
        const overflow = await page.locator('[data-testid="lines-table"]').evaluate((table) => table.scrollWidth - (table.parentElement?.clientWidth ?? 0));
        expect(overflow, 'the table scrolls sideways at 1280 px').toBeLessThanOrEqual(0);
        await page.screenshot({ path: path.join(SCREENSHOTS, 'lines-activity-1280.png'), fullPage: true });
      } finally {
        viewer.abort();
      }
      await expect.poll(() => row(page).locator('[data-testid="line-connections"]').innerText(), { timeout: 20_000 }).toBe('0 / 3');
    }),
  );

  it("stops the account's streams from its row within 2 s", { timeout: 60_000 }, () =>
    suite.withLogs(async () => {
      await ready();
      const page = await suite.open('/lines', 'Player accounts', { context: DESKTOP });
      const one = await watchFrom(HOME, streamUrl());
      const two = await watchFrom(AWAY, streamUrl());
      await expect.poll(() => row(page).locator('[data-testid="line-connections"]').innerText(), { timeout: 20_000 }).toBe('2 / 3');
      const clicked = Date.now();
      await row(page).locator('[data-testid="line-stop-viewers"]').click();
      const closed = Math.max(await within(one.closed, 2_000), await within(two.closed, 2_000));
      expect(closed - clicked).toBeLessThan(2_000);
      await expect.poll(() => row(page).locator('[data-testid="line-connections"]').innerText(), { timeout: 20_000 }).toBe('0 / 3');
      expect(await row(page).locator('[data-testid="line-stop-viewers"]').count()).toBe(0);
    }),
  );

  it('bans an IP from the row: field errors, the stream from there is cut, the address is refused and another is not; the ban is removed', { timeout: 60_000 }, () =>
    suite.withLogs(async () => {
      await ready();
      const page = await suite.open('/lines', 'Player accounts', { context: DESKTOP });
      const away = await watchFrom(AWAY, streamUrl());
      const home = await watchFrom(HOME, streamUrl());
      try {
        await row(page).locator('[data-testid="line-more"]').click();
        await page.locator('[data-testid="line-bans-open"]').click();
        const dialog = page.locator('[data-testid="line-bans"]');
        await dialog.locator('[data-testid="line-bans-empty"]').waitFor();
        const ip = dialog.getByLabel('IP address');
        await ip.fill('10.0.0.0/8');
        await dialog.locator('[data-testid="line-ban-submit"]').click();
        await dialog.getByText('must be an IPv4 or IPv6 address').waitFor();
        expect(await ip.getAttribute('aria-invalid')).toBe('true');

        await ip.fill(`::ffff:${AWAY}`);
        await dialog.getByLabel('Reason (optional)').fill('login shared');
        const asked = Date.now();
        await dialog.locator('[data-testid="line-ban-submit"]').click();
        const item = dialog.locator(`[data-testid="line-ban"][data-ip="${AWAY}"]`);
        await item.waitFor();
        expect(await item.innerText()).toContain('login shared');
        expect(await item.innerText()).toContain(`by ${ADMIN.username}`);
        expect((await within(away.closed, 2_000)) - asked).toBeLessThan(2_000);
        expect(await loginStatusFrom(AWAY, suite.panel.baseUrl)).toBe('Banned');
        expect(await loginStatusFrom(HOME, suite.panel.baseUrl)).toBe('Active');
        await expect.poll(() => row(page).locator('[data-testid="line-connections"]').innerText(), { timeout: 20_000 }).toBe('1 / 3');
        await settle(page);
        await page.screenshot({ path: path.join(SCREENSHOTS, 'lines-bans-1280.png') });

        await dialog.getByRole('button', { name: `Remove the ban of ${AWAY}` }).click();
        await dialog.locator('[data-testid="line-bans-empty"]').waitFor();
        expect(await loginStatusFrom(AWAY, suite.panel.baseUrl)).toBe('Active');
        expect(await bansOf(page)).toEqual([]);
        await page.getByRole('button', { name: 'Done' }).click();
      } finally {
        away.abort();
        home.abort();
      }
    }),
  );

  it('shows activity and the bans dialog on the 390 px cards without sideways scrolling', { timeout: 60_000 }, () =>
    suite.withLogs(async () => {
      await ready();
      const page = await suite.open('/lines', 'Player accounts', { context: PHONE });
      await expect.poll(() => row(page).evaluate((el) => el.tagName).catch(() => 'none'), { timeout: 10_000 }).toBe('DIV');
      const viewer = await watchFrom(HOME, streamUrl());
      try {
        await expect.poll(() => row(page).locator('[data-testid="line-connections"]').innerText(), { timeout: 20_000 }).toBe('1 / 3');
        await row(page).locator('[data-testid="line-stop-viewers"]').waitFor();
        expect(await row(page).locator('[data-testid="line-last-ip"]').innerText()).toMatch(/^127\.0\.0\.\d$/);
        expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 'horizontal overflow at 390 px').toBeLessThanOrEqual(0);
        await page.screenshot({ path: path.join(SCREENSHOTS, 'lines-activity-390.png'), fullPage: true });
        await row(page).locator('[data-testid="line-more"]').click();
        await page.locator('[data-testid="line-bans-open"]').click();
        const dialog = page.locator('[data-testid="line-bans"]');
        await dialog.locator('[data-testid="line-bans-empty"]').waitFor();
        const box = await dialog.boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
        await settle(page);
        await page.screenshot({ path: path.join(SCREENSHOTS, 'lines-bans-390.png') });
      } finally {
        viewer.abort();
      }
    }),
  );

  it('bans a viewer\'s IP from the dashboard\'s "watching now": its stream stops, the ban is listed', { timeout: 60_000 }, () =>
    suite.withLogs(async () => {
      await ready();
      const page = await suite.open('/', 'Dashboard', { context: DESKTOP });
      const viewer = await watchFrom(THIRD, streamUrl());
      try {
        const watching = page.locator(`[data-testid="watching-row"][data-line="${LINE.username}"]`);
        await watching.waitFor({ timeout: 10_000 });
        await watching.getByRole('button', { name: `Ban IP ${THIRD} for ${LINE.username}` }).click();
        const confirm = page.locator('[data-testid="ban-ip-dialog"]');
        await confirm.getByLabel('Reason (optional)').fill('from the dashboard');
        const asked = Date.now();
        await confirm.locator('[data-testid="ban-ip-confirm"]').click();
        expect((await within(viewer.closed, 2_000)) - asked).toBeLessThan(2_000);
        await confirm.waitFor({ state: 'detached' });
        expect(await bansOf(page)).toEqual([expect.objectContaining({ ip: THIRD, reason: 'from the dashboard' })]);
        expect(await loginStatusFrom(THIRD, suite.panel.baseUrl)).toBe('Banned');
      } finally {
        viewer.abort();
      }
    }),
  );

  it('bans the IP of a logged request from the API monitor drawer', { timeout: 60_000 }, () =>
    suite.withLogs(async () => {
      await ready();
      expect(await loginStatusFrom(AWAY, suite.panel.baseUrl)).toBe('Active');
      const page = await suite.open('/api-monitor', 'API monitor', { context: DESKTOP });
      await page.locator('[data-testid="filter-ip"]').fill(AWAY);
      await page.locator('[data-testid="filter-ip"]').press('Enter');
      const request = page.locator(`[data-testid="request-row"][data-line="${LINE.username}"]`).first();
      await request.waitFor({ timeout: 10_000 });
      await request.locator('[data-testid="open-request"]').click();
      const drawer = page.locator('[data-testid="request-drawer"]');
      await drawer.getByRole('button', { name: `Ban IP ${AWAY} for ${LINE.username}` }).click();
      await page.locator('[data-testid="ban-ip-confirm"]').click();
      await expect.poll(async () => (await bansOf(page)).map((b) => b.ip).sort(), { timeout: 5_000 }).toEqual([AWAY, THIRD]);
      expect(await loginStatusFrom(AWAY, suite.panel.baseUrl)).toBe('Banned');
      expect(await loginStatusFrom(HOME, suite.panel.baseUrl)).toBe('Active');
    }),
  );
});
