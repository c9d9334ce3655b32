import path from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addAndSyncUpstream } from './helpers/browser';
import { ADMIN, DESKTOP, PHONE, SCREENSHOTS, usePageSuite } from './helpers/page-suite';

const VIEWER = { username: 'route-watcher', password: 'e2e-viewer-Passw0rd!' };
const UPSTREAM_PASSWORD = 'route-Upstream-Secret-9';
const LINE = { username: 'route.e2e', password: 'pw-route-1234' };

// The tests run in order: the first syncs an upstream and creates the rule the others use.
describe('routing rules page (/routing-rules)', () => {
  const suite = usePageSuite({ fake: { live: 6, vod: 4, series: 1, categoriesPerType: 2, password: UPSTREAM_PASSWORD } });
  const { withLogs } = suite;
  const ids = { live: 0, movie: 0 };

  async function openRouting(opts: BrowserContextOptions, user = ADMIN): Promise<Page> {
    return suite.open('/routing-rules', 'Routing rules', { context: opts, user });
  }

  /** Adds the fake upstream, syncs it, and finds the public ids of a channel and a movie through player_api.php. */
  async function syncUpstream(page: Page) {
    await addAndSyncUpstream(page, suite.panel.baseUrl, { url: suite.fake.url, username: suite.fake.username, password: UPSTREAM_PASSWORD });
    const line = await page.request.post(`${suite.panel.baseUrl}/api/lines`, { data: { username: LINE.username, password: LINE.password } });
    expect(line.status(), await line.text()).toBe(201);
    const list = async (action: string) => {
      const res = await fetch(`${suite.panel.baseUrl}/player_api.php?username=${LINE.username}&password=${LINE.password}&action=${action}`);
      expect(res.status).toBe(200);
      return (await res.json()) as { stream_id: number; name: string }[];
    };
    ids.live = (await list('get_live_streams'))[0].stream_id;
    ids.movie = (await list('get_vod_streams'))[0].stream_id;
  }

  async function testStream(page: Page, publicId: number) {
    await page.locator('[data-testid="resolve-input"]').fill(String(publicId));
    await page.locator('[data-testid="resolve-button"]').click();
    const result = page.locator(`[data-testid="resolve-result"][data-public-id="${publicId}"]`);
    await result.waitFor();
    return result;
  }

  const row = (page: Page, name: string) => page.locator(`[data-testid="rule-row"][data-rule-name="${name}"]`);

  it('creates a rule in the form and lists it', () =>
    withLogs(async () => {
      const page = await openRouting(DESKTOP);
      await page.locator('[data-testid="empty-state"]').waitFor();
      await syncUpstream(page);

      await page.locator('[data-testid="add-rule"]').click();
      const form = page.locator('[data-testid="rule-form"]');
      await form.locator('input[name="name"]').fill('Live by redirect');
      await form.locator('[data-testid="rule-mode"]').click();
      await page.getByRole('option', { name: 'Redirect', exact: true }).click();
      await form.locator('[data-testid="rule-stream-type"]').click();
      await page.getByRole('option', { name: 'Live', exact: true }).click();
      await form.locator('input[name="priority"]').fill('250');
      await form.locator('[data-testid="rule-submit"]').click();

      await row(page, 'Live by redirect').waitFor();
      const text = await row(page, 'Live by redirect').innerText();
      expect(text).toContain('250');
      expect(text).toContain('Redirect');
      expect(text).toContain('Live');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'routing-1280.png'), fullPage: true });
    }));

  it('tests a stream: the channel follows the rule, the movie the default, no credentials shown', () =>
    withLogs(async () => {
      const page = await openRouting(DESKTOP);
      const live = await testStream(page, ids.live);
      expect(await live.getAttribute('data-mode')).toBe('redirect');
      expect(await live.locator('[data-testid="resolve-rule"]').innerText()).toContain('Live by redirect');
      const text = await live.innerText();
      expect(text).toContain('Fake Provider');
      expect(text).toContain('/live/***/***/');
      expect(text).not.toContain(UPSTREAM_PASSWORD);

      const movie = await testStream(page, ids.movie);
      expect(await movie.getAttribute('data-mode')).toBe('proxy');
      expect(await movie.locator('[data-testid="resolve-rule"]').innerText()).toContain('default');

      await page.locator('[data-testid="resolve-input"]').fill('999999');
      await page.locator('[data-testid="resolve-button"]').click();
      await page.locator('[data-testid="resolve-error"]').getByText('No item has public id 999999').waitFor();
    }));

  it('switching the rule off sends the channel back to the default', () =>
    withLogs(async () => {
      const page = await openRouting(DESKTOP);
      await row(page, 'Live by redirect').locator('[data-testid="rule-enabled-switch"]').click();
      await expect.poll(() => row(page, 'Live by redirect').locator('[data-testid="rule-enabled-switch"]').getAttribute('data-state')).toBe('unchecked');
      expect(await (await testStream(page, ids.live)).getAttribute('data-mode')).toBe('proxy');
    }));

  it('works at 390 px: rules as cards, no horizontal overflow', () =>
    withLogs(async () => {
      const page = await openRouting(PHONE);
      // The server renders the desktop table; the cards replace it once the page has hydrated.
      await expect.poll(() => row(page, 'Live by redirect').evaluate((el) => el.tagName).catch(() => 'none'), { timeout: 10_000 }).toBe('DIV');
      await testStream(page, ids.live);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, 'horizontal overflow at 390 px').toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'routing-390.png'), fullPage: true });
    }));

  it('is read-only for viewers', () =>
    withLogs(async () => {
      const admin = await openRouting(DESKTOP);
      const res = await admin.request.post(`${suite.panel.baseUrl}/api/users`, {
        data: { username: VIEWER.username, password: VIEWER.password, role: 'viewer', isActive: true },
      });
      expect(res.status(), await res.text()).toBe(201);
      const page = await openRouting(DESKTOP, VIEWER);
      await row(page, 'Live by redirect').waitFor();
      for (const id of ['add-rule', 'rule-edit', 'rule-delete']) expect(await page.locator(`[data-testid="${id}"]`).count(), id).toBe(0);
      expect(await row(page, 'Live by redirect').locator('[data-testid="rule-enabled-switch"]').isDisabled()).toBe(true);
      expect(await (await testStream(page, ids.live)).getAttribute('data-mode')).toBe('proxy');
    }));
});
