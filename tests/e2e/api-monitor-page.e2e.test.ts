import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, usePageSuite } from './helpers/page-suite';

const LINE = { username: 'e2e.monitor', password: 'pw-monitor-5678' };

// The tests run in order and share the account created by the first one.
describe('API monitor page (/api-monitor)', () => {
  const suite = usePageSuite();
  const { withLogs } = suite;

  async function openMonitor(): Promise<Page> {
    return suite.open('/api-monitor', 'API monitor');
  }

  const playerApi = (params: Record<string, string>) =>
    fetch(`${suite.panel.baseUrl}/player_api.php?${new URLSearchParams({ username: LINE.username, ...params })}`, { headers: { 'user-agent': 'E2E-Player/1.0' } });

  const rows = (page: Page) => page.locator('[data-testid="request-row"]');

  it('creates the player account the other tests use', () =>
    withLogs(async () => {
      const page = await openMonitor();
      const status = await page.evaluate(async (line) => {
        const res = await fetch('/api/lines', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: line.username, password: line.password, maxConnections: 1 }),
        });
        return res.status;
      }, LINE);
      expect(status).toBe(201);
    }));

  it('shows a player_api request live, newest on top, with the password masked', () =>
    withLogs(async () => {
      const page = await openMonitor();
      await page.locator('[data-testid="live-state"]', { hasText: 'Live' }).waitFor();
      expect((await playerApi({ password: LINE.password, action: 'get_live_categories' })).status).toBe(200);

      const first = rows(page).first();
      await expect.poll(() => first.getAttribute('data-action'), { timeout: 10_000 }).toBe('get_live_categories');
      expect(await first.getAttribute('data-line')).toBe(LINE.username);
      expect(await first.getAttribute('data-status')).toBe('200');
      const text = await first.innerText();
      expect(text).toContain('password=***');
      expect(await page.content()).not.toContain(LINE.password);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'api-monitor-1280-live.png') });
    }));

  it('shows a failed login in the error colour and counts it in the header', () =>
    withLogs(async () => {
      const page = await openMonitor();
      await page.locator('[data-testid="live-state"]', { hasText: 'Live' }).waitFor();
      expect((await playerApi({ password: 'wrong-pass-1', action: 'get_vod_streams' })).status).toBe(401);
      const first = rows(page).first();
      await expect.poll(() => first.getAttribute('data-status'), { timeout: 10_000 }).toBe('401');
      expect(await page.content()).not.toContain('wrong-pass-1');
      // The header polls /api/monitor/stats every 10 s.
      await expect.poll(async () => Number(await page.locator('[data-testid="rate-errors"]').innerText()), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    }));

  it('pauses: new requests wait behind the Resume button, then appear', () =>
    withLogs(async () => {
      const page = await openMonitor();
      await page.locator('[data-testid="live-state"]', { hasText: 'Live' }).waitFor();
      await page.locator('[data-testid="pause-toggle"]').click();
      const before = await rows(page).count();
      expect((await playerApi({ password: LINE.password, action: 'get_series_categories' })).status).toBe(200);
      await page.locator('[data-testid="pause-toggle"]', { hasText: '1 new' }).waitFor();
      expect(await rows(page).count()).toBe(before);
      await page.locator('[data-testid="pause-toggle"]').click();
      await expect.poll(() => rows(page).first().getAttribute('data-action')).toBe('get_series_categories');
    }));

  it('filters by account', () =>
    withLogs(async () => {
      const page = await openMonitor();
      await page.locator('[data-testid="filter-line"]').fill('someone.else');
      await page.locator('[data-testid="filter-line"]').press('Enter');
      await page.getByText('No request matches these filters').waitFor();
      await page.locator('[data-testid="filter-line"]').fill(LINE.username);
      await page.locator('[data-testid="filter-line"]').press('Enter');
      await expect.poll(() => rows(page).count()).toBeGreaterThanOrEqual(3);
      const lines = await rows(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-line')));
      expect(new Set(lines)).toEqual(new Set([LINE.username]));
    }));
});
