import path from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addAndSyncUpstream } from './helpers/browser';
import { DESKTOP, PHONE, SCREENSHOTS, usePageSuite } from './helpers/page-suite';

const UPSTREAM_PASSWORD = 'browse-Upstream-Secret-9';
const LINE = { username: 'browse.e2e', password: 'pw-browse-1234' };

// The tests run in order: the first syncs an upstream the others browse.
describe('content browser page (/content-browser)', () => {
  const suite = usePageSuite({ fake: { live: 12, vod: 6, series: 2, categoriesPerType: 2, password: UPSTREAM_PASSWORD } });
  const { withLogs } = suite;
  let upstreamId = '';
  const players: { live: { stream_id: number; name: string }[] } = { live: [] };

  async function openBrowser(opts: BrowserContextOptions, query = ''): Promise<Page> {
    return suite.open(`/content-browser${query}`, 'Content browser', { context: opts });
  }

  /** Adds the fake upstream, syncs it, and reads the channel list players get. */
  async function syncUpstream(page: Page) {
    upstreamId = await addAndSyncUpstream(page, suite.panel.baseUrl, { url: suite.fake.url, username: suite.fake.username, password: UPSTREAM_PASSWORD });
    const line = await page.request.post(`${suite.panel.baseUrl}/api/lines`, { data: { username: LINE.username, password: LINE.password } });
    expect(line.status(), await line.text()).toBe(201);
    const res = await fetch(`${suite.panel.baseUrl}/player_api.php?username=${LINE.username}&password=${LINE.password}&action=get_live_streams`);
    expect(res.status).toBe(200);
    players.live = (await res.json()) as { stream_id: number; name: string }[];
  }

  const rows = (page: Page) => page.locator('[data-testid="content-row"]');
  const names = (page: Page) => page.locator('[data-testid="content-name"]').allInnerTexts();

  it('lists the synced catalog with the public ids players get', () =>
    withLogs(async () => {
      const page = await openBrowser(DESKTOP);
      await page.locator('[data-testid="empty-state"]').waitFor();
      await syncUpstream(page);
      await page.reload();
      await rows(page).first().waitFor();
      expect(await page.locator('[data-testid="content-total"]').innerText()).toContain(`${12 + 6 + 2} items`);
      const channel = players.live[0];
      const row = page.locator(`[data-testid="content-row"][data-public-id="${channel.stream_id}"]`);
      expect(await row.locator('[data-testid="content-name"]').innerText()).toBe(channel.name);
      expect(await row.locator('[data-testid="content-public-id"]').innerText()).toBe(String(channel.stream_id));
      await page.screenshot({ path: path.join(SCREENSHOTS, 'content-browser-1280.png'), fullPage: true });
    }));

  it('searches as you type, case-insensitively, and keeps the search in the URL', () =>
    withLogs(async () => {
      const page = await openBrowser(DESKTOP);
      await page.locator('[data-testid="content-search"]').fill('cHaNnEl 1');
      await expect.poll(() => new URL(page.url()).searchParams.get('q'), { timeout: 10_000 }).toBe('cHaNnEl 1');
      await expect.poll(async () => (await names(page)).every((n) => n.toLowerCase().includes('channel 1')), { timeout: 10_000 }).toBe(true);
      const found = await names(page);
      expect(found.sort()).toEqual(suite.fake.catalog.live.filter((c) => c.name.toLowerCase().includes('channel 1')).map((c) => c.name).sort());

      await page.reload();
      await rows(page).first().waitFor();
      expect(await page.locator('[data-testid="content-search"]').inputValue()).toBe('cHaNnEl 1');
      expect((await names(page)).sort()).toEqual(found.sort());
    }));

  it('filters by type and upstream from the selects; a shared URL shows the same view', () =>
    withLogs(async () => {
      const page = await openBrowser(DESKTOP);
      await page.locator('[data-testid="filter-type"]').click();
      await page.getByRole('option', { name: 'Movies', exact: true }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('type')).toBe('movie');
      await page.locator('[data-testid="filter-upstream"]').click();
      await page.getByRole('option', { name: 'Fake Provider', exact: true }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('upstreamId')).toBe(upstreamId);
      await expect.poll(async () => (await names(page)).sort()).toEqual(suite.fake.catalog.vod.map((m) => m.name).sort());
      expect(await page.locator('[data-testid="content-total"]').innerText()).toContain('6 items');

      const shared = await openBrowser(DESKTOP, `?type=movie&upstreamId=${upstreamId}`);
      await rows(shared).first().waitFor();
      expect((await names(shared)).sort()).toEqual(suite.fake.catalog.vod.map((m) => m.name).sort());

      const none = await openBrowser(DESKTOP, '?q=no-such-title');
      await none.locator('[data-testid="empty-state"]').getByText('Nothing matches these filters').waitFor();
    }));

  it('opens an item: its public id and its route, credentials masked', () =>
    withLogs(async () => {
      const page = await openBrowser(DESKTOP, '?type=live');
      const channel = players.live[0];
      await page.locator(`[data-testid="content-row"][data-public-id="${channel.stream_id}"] [data-testid="content-name"]`).click();
      const details = page.locator('[data-testid="content-details"]');
      await details.waitFor();
      expect(await details.locator('[data-testid="details-public-id"]').innerText()).toBe(String(channel.stream_id));
      const route = details.locator('[data-testid="route-result"]');
      await route.waitFor();
      expect(await route.getAttribute('data-mode')).toBe('proxy');
      expect(await route.locator('[data-testid="route-rule"]').innerText()).toContain('default');
      const source = route.locator('[data-testid="route-source"]').first();
      expect(await source.innerText()).toContain('Fake Provider');
      expect(await source.innerText()).toContain('/live/***/***/');
      expect(await details.innerText()).not.toContain(UPSTREAM_PASSWORD);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'content-browser-details-1280.png') });
      await page.keyboard.press('Escape');
      await details.waitFor({ state: 'detached' });
    }));

  it('works at 390 px without horizontal overflow', () =>
    withLogs(async () => {
      const page = await openBrowser(PHONE);
      await rows(page).first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, 'horizontal overflow at 390 px').toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'content-browser-390.png'), fullPage: true });
    }));
});
