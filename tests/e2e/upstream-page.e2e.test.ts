import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startFakeUpstream } from '../fake-upstream/server';
import { SCREENSHOTS, usePageSuite } from './helpers/page-suite';

const SIZES = { live: 40, vod: 300, series: 30 };

describe('upstream servers page', () => {
  const suite = usePageSuite({ fake: SIZES });
  const { newPage, withLogs } = suite;

  async function openUpstreams(page: Page) {
    await suite.signIn(page, '/upstream', 'Upstream servers');
  }

  async function testConnection(page: Page) {
    const result = page.locator('[data-testid="test-result"]');
    await page.locator('[data-testid="test-connection"]').click();
    await result.waitFor({ state: 'visible' });
    return result;
  }

  it('adds an upstream after a failed and a passing connection test, then syncs it with live progress', () =>
    withLogs(async () => {
      const page = await newPage({ viewport: { width: 1280, height: 900 } });
      await openUpstreams(page);
      await page.locator('[data-testid="empty-state"]').waitFor();

      await page.locator('[data-testid="add-upstream"]').click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('input[name="name"]').fill('Fake provider');
      await dialog.locator('input[name="serverUrl"]').fill(suite.fake.url);
      await dialog.locator('input[name="username"]').fill(suite.fake.username);
      await dialog.locator('input[name="password"]').fill(`${suite.fake.password}-wrong`);

      const failed = await testConnection(page);
      expect(await failed.getAttribute('data-success')).toBe('false');
      expect(await failed.locator('[data-testid="test-result-code"]').innerText()).toBe('bad_credentials');
      await page.getByRole('dialog').screenshot({ path: path.join(SCREENSHOTS, 'upstream-test-failed.png') });

      await dialog.locator('input[name="password"]').fill(suite.fake.password);
      const passed = await testConnection(page);
      await page.locator('[data-testid="test-result"][data-success="true"]').waitFor();
      expect(await passed.innerText()).toMatch(/Connected/);

      await dialog.locator('button[type="submit"]').click();
      await dialog.waitFor({ state: 'hidden' });
      const row = page.locator('[data-testid="upstream-row"]');
      await row.waitFor();
      expect(await row.count()).toBe(1);
      expect(await row.getAttribute('data-upstream-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(await row.innerText()).toContain('Fake provider');
      // The new upstream is marked and offers its first sync right there.
      expect(await row.getAttribute('data-new')).toBe('true');
      const hint = row.locator('[data-testid="new-upstream-hint"]');
      await hint.waitFor();
      expect(await hint.innerText()).toMatch(/Sync it now/);
      expect(await row.locator('[data-testid="upstream-guide"]').getAttribute('data-programmes')).toBe('0');

      // Slow enough (7 calls of 300 ms) that the progress bar can be seen.
      suite.fake.quirks.slowMs = 300;
      await hint.locator('[data-testid="sync-new-upstream"]').click();
      await hint.waitFor({ state: 'detached' });
      await row.locator('[data-testid="sync-progress"]').waitFor({ state: 'visible', timeout: 5_000 });
      await row.screenshot({ path: path.join(SCREENSHOTS, 'upstream-syncing.png') });
      const result = row.locator('[data-testid="sync-result"]');
      await result.waitFor({ state: 'visible', timeout: 30_000 });
      expect(await result.getAttribute('data-status')).toBe('succeeded');
      expect(await result.innerText()).toMatch(/370 added/);
      suite.fake.quirks.slowMs = 0;

      // router.refresh() brings the new counts.
      const counts = row.locator('[data-testid="upstream-counts"][data-live="40"][data-vod="300"][data-series="30"]');
      await counts.waitFor({ timeout: 10_000 });
      expect((await counts.innerText()).replace(/\s+/g, ' ')).toMatch(/40 live \/ 300 movies \/ 30 series/);

      // The guide's programme count: what the upstream's own guide source stored.
      const upstreamId = (await row.getAttribute('data-upstream-id'))!;
      const stored = await page.evaluate(async (id) => {
        const { items } = (await (await fetch('/api/epg/sources')).json()) as { items: { upstreamId: string | null; programmes: number }[] };
        return items.find((s) => s.upstreamId === id)?.programmes ?? -1;
      }, upstreamId);
      expect(stored).toBeGreaterThan(0);
      const guide = row.locator(`[data-testid="upstream-guide"][data-programmes="${stored}"]`);
      await guide.waitFor({ timeout: 10_000 });
      expect(await guide.innerText()).toBe(`${stored.toLocaleString('en-US')} programmes`);

      // The sync history: this one sync, with its counts and duration.
      await row.locator('[data-testid="sync-history-toggle"]').click();
      const history = row.locator('[data-testid="sync-history-row"]');
      await history.first().waitFor();
      expect(await history.count()).toBe(1);
      expect(await history.first().getAttribute('data-status')).toBe('succeeded');
      expect(await history.first().locator('[data-testid="sync-history-counts"]').innerText()).toMatch(/^370 added · 0 updated · 0 removed — 40 live, 300 movies, 30 series$/);
      expect(await history.first().locator('[data-testid="sync-history-duration"]').innerText()).toMatch(/^in [\d.]+ (ms|s)$/);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'upstream-1280.png'), fullPage: true });
    }));

  it('names each connection failure distinctly in the dialog: HTML answer, closed port, unknown host', () =>
    withLogs(async () => {
      const html = http.createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>It works!</body></html>'));
      await new Promise<void>((r) => html.listen(0, '127.0.0.1', r));
      const probe = net.createServer();
      await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
      const closedPort = (probe.address() as net.AddressInfo).port;
      await new Promise((r) => probe.close(r));
      try {
        const page = await newPage({ viewport: { width: 1280, height: 900 } });
        await openUpstreams(page);
        await page.locator('[data-testid="add-upstream"]').click();
        const dialog = page.getByRole('dialog');
        await dialog.locator('input[name="username"]').fill('someone');
        await dialog.locator('input[name="password"]').fill('not-a-real-secret');
        const seen: { code: string; message: string }[] = [];
        for (const url of [`http://127.0.0.1:${(html.address() as net.AddressInfo).port}`, `http://127.0.0.1:${closedPort}`, 'http://no-such-provider.invalid']) {
          await dialog.locator('input[name="serverUrl"]').fill(url);
          const result = await testConnection(page);
          await page.locator('[data-testid="test-result"][data-success="false"]').waitFor();
          const code = await result.locator('[data-testid="test-result-code"]').innerText();
          seen.push({ code, message: await result.innerText() });
          expect(await result.innerText()).not.toContain('not-a-real-secret');
        }
        expect(seen.map((s) => s.code)).toEqual(['not_xtream', 'refused', 'dns']);
        expect(new Set(seen.map((s) => s.message)).size).toBe(3);
      } finally {
        await new Promise((r) => html.close(r));
      }
    }));

  it('shows the synced upstream as a card at 390 px', () =>
    withLogs(async () => {
      const page = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      await openUpstreams(page);
      const row = page.locator('[data-testid="upstream-row"]');
      await row.waitFor();
      const counts = row.locator('[data-testid="upstream-counts"]');
      expect(await counts.getAttribute('data-vod')).toBe('300');
      const box = await row.boundingBox();
      expect(box?.width ?? 0).toBeLessThanOrEqual(390);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, 'no horizontal scrolling').toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'upstream-390.png'), fullPage: true });

      await page.locator('[data-testid="add-upstream"]').click();
      await page.getByRole('dialog').waitFor();
      await page.waitForTimeout(400); // let the open animation finish
      await page.screenshot({ path: path.join(SCREENSHOTS, 'upstream-390-dialog.png') });
    }));

  it('edits the upstream with an empty password field, which keeps the stored password', () =>
    withLogs(async () => {
      const page = await newPage({ viewport: { width: 1280, height: 900 } });
      await openUpstreams(page);
      const row = page.locator('[data-testid="upstream-row"]');
      await row.locator('[data-testid="upstream-actions"]').click();
      await page.locator('[data-testid="edit-upstream"]').click();
      const dialog = page.getByRole('dialog');
      const password = dialog.locator('input[name="password"]');
      expect(await password.inputValue()).toBe('');
      expect(await password.getAttribute('placeholder')).toMatch(/keep/i);
      await dialog.locator('input[name="name"]').fill('Renamed provider');
      await dialog.locator('input[name="priority"]').fill('5');
      await dialog.locator('button[type="submit"]').click();
      await dialog.waitFor({ state: 'hidden' });
      await row.locator('h2', { hasText: 'Renamed provider' }).waitFor();
      expect(await row.innerText()).toContain('Priority 5');

      await row.locator('[data-testid="test-upstream"]').click();
      const result = row.locator('[data-testid="test-result"]');
      await result.waitFor();
      expect(await result.getAttribute('data-success')).toBe('true');
    }));

  it('shows a failed sync with its error and a red badge, keeping the synced counts', () =>
    withLogs(async () => {
      const page = await newPage({ viewport: { width: 1280, height: 900 } });
      await openUpstreams(page);
      const row = page.locator('[data-testid="upstream-row"]');
      suite.fake.quirks.htmlError = true;
      try {
        await row.locator('[data-testid="sync-now"]').click();
        const result = row.locator('[data-testid="sync-result"]');
        await result.waitFor({ timeout: 30_000 });
        expect(await result.getAttribute('data-status')).toBe('failed');
        const syncError = (await result.locator('[data-testid="sync-error"]').innerText()).trim();
        expect(syncError).toMatch(/HTML/);
        // router.refresh() brings the stored outcome: the red badge on the card.
        await page.locator('[data-testid="upstream-row"][data-last-sync-status="failed"]').waitFor({ timeout: 10_000 });
        expect(await row.locator('h2 ~ span', { hasText: 'Sync failed' }).count()).toBe(1);
        expect(await row.locator('[data-testid="upstream-counts"]').getAttribute('data-vod')).toBe('300');
        await page.screenshot({ path: path.join(SCREENSHOTS, 'upstream-failed-sync.png'), fullPage: true });

        // Once the result is dismissed, the stored last error is shown in full.
        await result.locator('[data-testid="dismiss-sync"]').click();
        const lastError = row.locator('[data-testid="upstream-last-error"]');
        await lastError.waitFor();
        expect(await lastError.innerText()).toContain(syncError);

        // The history has it too, newest first, with its error; the first sync below it.
        await row.locator('[data-testid="sync-history-toggle"]').click();
        const history = row.locator('[data-testid="sync-history-row"]');
        await history.nth(1).waitFor();
        expect(await history.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')))).toEqual(['failed', 'succeeded']);
        expect(await history.first().locator('[data-testid="sync-history-error"]').innerText()).toBe(syncError);
        expect(await history.first().locator('[data-testid="sync-history-counts"]').count()).toBe(0);
      } finally {
        suite.fake.quirks.htmlError = false;
      }
    }));

  it('at 390 px a newly added upstream is scrolled into view, syncs from there, and its history fits', () =>
    withLogs(async () => {
      // A second provider (the same server URL and username cannot be added twice).
      const second = await startFakeUpstream({ live: 5, vod: 5, series: 2 });
      try {
        const page = await newPage({ viewport: { width: 390, height: 700 }, isMobile: true, hasTouch: true });
        await openUpstreams(page);
        await page.locator('[data-testid="add-upstream"]').click();
        const dialog = page.getByRole('dialog');
        // Priority 0 against the first one's 5: listed below it, out of sight on a phone.
        await dialog.locator('input[name="name"]').fill('Zeta provider');
        await dialog.locator('input[name="serverUrl"]').fill(second.url);
        await dialog.locator('input[name="username"]').fill(second.username);
        await dialog.locator('input[name="password"]').fill(second.password);
        await dialog.locator('button[type="submit"]').click();
        await dialog.waitFor({ state: 'hidden' });

        const rows = page.locator('[data-testid="upstream-row"]');
        await rows.nth(1).waitFor();
        const marked = page.locator('[data-testid="upstream-row"][data-new="true"]');
        await marked.waitFor();
        expect(await marked.count()).toBe(1);
        const freshId = (await marked.getAttribute('data-upstream-id'))!;
        expect(await rows.nth(1).getAttribute('data-upstream-id')).toBe(freshId);
        const fresh = page.locator(`[data-testid="upstream-row"][data-upstream-id="${freshId}"]`);
        expect(await fresh.locator('h2').innerText()).toBe('Zeta provider');
        // Scrolled to (smoothly): its top below the sticky header, in the upper half of the screen.
        const placement = () =>
          fresh.evaluate((el) => {
            const top = el.getBoundingClientRect().top;
            return window.scrollY > 0 && top >= 56 && top < window.innerHeight / 2;
          });
        await expect.poll(placement, { timeout: 5_000 }).toBe(true);
        const hint = fresh.locator('[data-testid="new-upstream-hint"]');
        expect(await hint.isVisible()).toBe(true);
        await page.screenshot({ path: path.join(SCREENSHOTS, 'upstream-390-new.png') });

        await hint.locator('[data-testid="sync-new-upstream"]').click();
        const result = fresh.locator('[data-testid="sync-result"]');
        await result.waitFor({ timeout: 30_000 });
        expect(await result.getAttribute('data-status')).toBe('succeeded');
        expect(await fresh.getAttribute('data-new')).toBeNull();

        // Both cards' histories open: nothing wider than the phone.
        for (const row of await rows.all()) await row.locator('[data-testid="sync-history-toggle"]').click();
        await rows.nth(0).locator('[data-testid="sync-history-row"]').nth(1).waitFor();
        await rows.nth(1).locator('[data-testid="sync-history-row"]').first().waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, 'no horizontal scrolling').toBeLessThanOrEqual(0);
        for (const row of await rows.all()) expect((await row.boundingBox())?.width ?? 0).toBeLessThanOrEqual(390);
        await page.screenshot({ path: path.join(SCREENSHOTS, 'upstream-390-history.png'), fullPage: true });
      } finally {
        await second.close();
      }
    }));
});
