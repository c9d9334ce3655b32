import path from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousAxeViolations } from './helpers/axe';
import { addAndSyncUpstream } from './helpers/browser';
import { DESKTOP, PHONE, SCREENSHOTS, settle, usePageSuite } from './helpers/page-suite';

const UPSTREAM_PASSWORD = 'bouquet-Upstream-Secret-7';
const LINE = { username: 'bouquet.e2e', password: 'pw-bouquet-1234' };
const OTHER = { username: 'whole.e2e', password: 'pw-whole-1234' };
const VIEWER = { username: 'curation.viewer', password: 'e2e-viewer-Passw0rd!' };

interface Entry {
  name: string;
  group: string;
  url: string;
}

// Issue 11 must-show 4, in order: a bouquet built on /bouquets, assigned on /lines, seen in get.php;
// rename and hide from the content browser, seen in player_api.php.
describe('bouquets and curation pages (/bouquets, /categories, content browser)', () => {
  const suite = usePageSuite({ fake: { live: 12, vod: 6, series: 0, categoriesPerType: 3, password: UPSTREAM_PASSWORD } });
  const { withLogs } = suite;

  const open = (pagePath: string, heading: string, context: BrowserContextOptions = DESKTOP) => suite.open(pagePath, heading, { context });

  /** The account's get.php (m3u_plus), parsed: one entry per #EXTINF. */
  async function playlist(line = LINE): Promise<Entry[]> {
    const res = await fetch(`${suite.panel.baseUrl}/get.php?username=${line.username}&password=${line.password}&type=m3u_plus&output=ts`);
    expect(res.status).toBe(200);
    const lines = (await res.text()).split(/\r?\n/);
    const out: Entry[] = [];
    lines.forEach((l, i) => {
      if (!l.startsWith('#EXTINF')) return;
      out.push({ name: l.slice(l.lastIndexOf(',') + 1), group: /group-title="([^"]*)"/.exec(l)?.[1] ?? '', url: lines[i + 1] });
    });
    return out;
  }

  async function playerApi<T>(action: string, line = LINE): Promise<T> {
    const res = await fetch(`${suite.panel.baseUrl}/player_api.php?username=${line.username}&password=${line.password}&action=${action}`);
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  }

  async function noHorizontalScroll(page: Page, what: string) {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `horizontal overflow at 390 px: ${what}`).toBeLessThanOrEqual(0);
  }

  async function expectAccessible(page: Page, what: string) {
    const found = await seriousAxeViolations(page);
    expect(found, `${what}: ${JSON.stringify(found, null, 1)}`).toEqual([]);
  }

  const categoryRow = (page: Page, name: string) => page.locator(`[data-testid="bouquet-category"]`).filter({ hasText: name });
  const orderKeys = (page: Page, type: string) => page.locator(`[data-testid="bouquet-order-${type}-row"]`).evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));

  it('starts empty, then builds a bouquet by ticking categories and ordering them by keyboard and by drag', () =>
    withLogs(async () => {
      const page = await open('/bouquets', 'Bouquets');
      await page.locator('[data-testid="empty-state"]').waitFor();
      await addAndSyncUpstream(page, suite.panel.baseUrl, { url: suite.fake.url, username: suite.fake.username, password: UPSTREAM_PASSWORD });
      for (const line of [LINE, OTHER]) {
        const res = await page.request.post(`${suite.panel.baseUrl}/api/lines`, { data: { username: line.username, password: line.password, maxConnections: 2 } });
        expect(res.status(), await res.text()).toBe(201);
      }
      // Before any bouquet the account sees every channel and movie.
      expect((await playlist()).length).toBe(12 + 6);

      await page.reload();
      await page.locator('[data-testid="add-bouquet"]').click();
      const form = page.locator('[data-testid="bouquet-form"]');
      await form.waitFor();
      await form.locator('input[name="name"]').fill('Sports');
      await categoryRow(page, 'Live 2').waitFor();
      // Search narrows the list; the counts come from the catalog.
      await page.locator('[data-testid="bouquet-search-live"]').fill('live 3');
      await expect.poll(() => page.locator('[data-testid="bouquet-category"]').count()).toBe(1);
      await page.locator('[data-testid="bouquet-search-live"]').fill('');
      await categoryRow(page, 'Live 2').getByRole('checkbox').click();
      await categoryRow(page, 'Live 1').getByRole('checkbox').click();
      expect(await orderKeys(page, 'live')).toEqual([expect.stringContaining('Live 2'), expect.stringContaining('Live 1')]);

      // Keyboard: focus "Move Live 1 up" and press Enter; focus stays on the moved row's button.
      const up = page.getByRole('button', { name: 'Move Live 1 up' });
      await up.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => orderKeys(page, 'live')).toEqual([expect.stringContaining('Live 1'), expect.stringContaining('Live 2')]);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move Live 1 up');

      // Drag: Live 2 onto Live 1 puts it first again.
      const rows = page.locator('[data-testid="bouquet-order-live-row"]');
      await rows.nth(1).dragTo(rows.nth(0));
      await expect.poll(() => orderKeys(page, 'live')).toEqual([expect.stringContaining('Live 2'), expect.stringContaining('Live 1')]);

      await page.locator('[data-testid="bouquet-tab-movie"]').click();
      await categoryRow(page, 'Movies 1').getByRole('checkbox').click();
      await settle(page);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'bouquets-1280-dialog.png') });
      await expectAccessible(page, '/bouquets dialog');
      await form.locator('[data-testid="bouquet-submit"]').click();
      await form.waitFor({ state: 'detached' });

      const card = page.locator('[data-testid="bouquet-card"][data-name="Sports"]');
      await card.waitFor();
      const counts = await Promise.all(['live', 'movie', 'series'].map((t) => card.locator(`[data-testid="bouquet-count-${t}"]`).innerText()));
      const live = suite.fake.catalog.live.filter((c) => [1, 2].includes(c.categoryIds[0])).length;
      const movies = suite.fake.catalog.vod.filter((m) => m.categoryIds[0] === 101).length;
      expect(counts).toEqual([String(live), String(movies), '0']);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'bouquets-1280.png'), fullPage: true });
      await expectAccessible(page, '/bouquets');
    }));

  it('assigns the bouquet to an account on /lines; its get.php then holds exactly those categories, in order', () =>
    withLogs(async () => {
      const page = await open('/lines', 'Player accounts');
      const row = page.locator(`[data-testid="line-row"][data-username="${LINE.username}"]`);
      await row.locator('[data-testid="line-edit"]').click();
      const form = page.locator('[data-testid="line-form"]');
      await form.waitFor();
      await form.locator('[data-testid="line-bouquet-option"][data-name="Sports"]').click();
      await form.locator('[data-testid="line-bouquet-order-row"]').first().waitFor();
      await settle(page);
      await expectAccessible(page, '/lines dialog with bouquets');
      await form.locator('[data-testid="line-submit"]').click();
      await form.waitFor({ state: 'detached' });
      await expect.poll(() => row.locator('[data-testid="line-bouquet-names"]').innerText()).toBe('Sports');

      const entries = await playlist();
      const liveIn = (cat: number) => suite.fake.catalog.live.filter((c) => c.categoryIds[0] === cat).map((c) => c.name);
      const live = entries.filter((e) => e.url.includes('/live/'));
      expect(live.map((e) => e.group)).toEqual([...liveIn(2).map(() => 'Live 2'), ...liveIn(1).map(() => 'Live 1')]);
      expect(live.map((e) => e.name).sort()).toEqual([...liveIn(2), ...liveIn(1)].sort());
      const movies = entries.filter((e) => e.url.includes('/movie/'));
      expect(movies.map((e) => e.name).sort()).toEqual(suite.fake.catalog.vod.filter((m) => m.categoryIds[0] === 101).map((m) => m.name).sort());
      expect(entries.some((e) => e.group === 'Live 3')).toBe(false);
      // An account without bouquets still sees everything.
      expect((await playlist(OTHER)).length).toBe(12 + 6);
    }));

  it('previews what an account sees, and refuses to delete a bouquet in use with a clear message', () =>
    withLogs(async () => {
      const page = await open('/bouquets', 'Bouquets');
      await page.locator('[data-testid="preview-line"]').click();
      await page.getByRole('option', { name: LINE.username, exact: true }).click();
      const result = page.locator('[data-testid="preview-result"]');
      await result.waitFor();
      const liveCount = (await playerApi<unknown[]>('get_live_streams')).length;
      expect(await result.locator('[data-testid="preview-count-live"]').innerText()).toBe(String(liveCount));
      expect(await result.locator('[data-testid="preview-count-movie"]').innerText()).toBe(String((await playerApi<unknown[]>('get_vod_streams')).length));
      const firstLive = (await playerApi<{ name: string }[]>('get_live_streams'))[0].name;
      expect(await result.locator('[data-testid="preview-live"] [data-testid="preview-item"]').first().innerText()).toContain(firstLive);

      await page.locator('[data-testid="bouquet-card"][data-name="Sports"] [data-testid="delete-bouquet"]').click();
      await page.locator('[data-testid="confirm-delete"]').click();
      const conflict = page.locator('[data-testid="delete-conflict"]');
      await conflict.waitFor();
      expect(await conflict.innerText()).toContain('used by 1 player account');
      await page.keyboard.press('Escape');
      expect(await page.locator('[data-testid="bouquet-card"][data-name="Sports"]').count()).toBe(1);
    }));

  it('renames and hides from the content browser; player_api.php shows it', () =>
    withLogs(async () => {
      const before = await playerApi<{ stream_id: number; name: string }[]>('get_live_streams');
      const [target, toHide] = before;
      const page = await open('/content-browser?type=live', 'Content browser');
      const row = (id: number) => page.locator(`[data-testid="content-row"][data-public-id="${id}"]`);

      await row(target.stream_id).locator('[data-testid="edit-item"]').click();
      const form = page.locator('[data-testid="item-form"]');
      await form.waitFor();
      await form.locator('input[name="name"]').fill('Sports Central HD');
      await form.locator('input[name="channelNumber"]').fill('42');
      await settle(page);
      await expectAccessible(page, 'content browser edit dialog');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'content-browser-1280-edit.png') });
      await form.locator('[data-testid="item-submit"]').click();
      await form.waitFor({ state: 'detached' });
      await expect.poll(() => row(target.stream_id).locator('[data-testid="content-name"]').innerText()).toBe('Sports Central HD');

      const renamed = await playerApi<{ stream_id: number; name: string; num: number }[]>('get_live_streams');
      expect(renamed.find((c) => c.stream_id === target.stream_id)).toMatchObject({ name: 'Sports Central HD', num: 42 });
      expect((await playlist()).some((e) => e.name === 'Sports Central HD')).toBe(true);

      // Bulk: tick one row and hide it.
      await row(toHide.stream_id).locator('[data-testid="select-item"]').click();
      await page.locator('[data-testid="bulk-count"]').getByText('1 item selected').waitFor();
      await expectAccessible(page, 'content browser with the bulk bar');
      await page.locator('[data-testid="bulk-hide"]').click();
      await expect.poll(() => row(toHide.stream_id).getAttribute('data-hidden')).toBe('true');
      const hidden = await playerApi<{ stream_id: number }[]>('get_live_streams');
      expect(hidden.map((c) => c.stream_id)).not.toContain(toHide.stream_id);
      expect(hidden.length).toBe(before.length - 1);

      // Restore the provider's name: players get it back.
      await row(target.stream_id).locator('[data-testid="edit-item"]').click();
      await form.waitFor();
      await form.locator('[data-testid="restore-name"]').click();
      await form.locator('[data-testid="item-submit"]').click();
      await form.waitFor({ state: 'detached' });
      await expect
        .poll(async () => (await playerApi<{ stream_id: number; name: string }[]>('get_live_streams')).find((c) => c.stream_id === target.stream_id)?.name)
        .toBe(target.name);
    }));

  it('renames, hides and reorders categories on /categories; a rename rule shows its preview before saving', () =>
    withLogs(async () => {
      const page = await open('/categories', 'Categories');
      const row = (name: string) => page.locator('[data-testid="category-row"]').filter({ has: page.locator('[data-testid="category-name"]', { hasText: name }) });
      await row('Live 3').waitFor();
      // Reorder: Live 3 to the top by keyboard.
      for (let i = 0; i < 2; i++) {
        await page.getByRole('button', { name: 'Move Live 3 up' }).focus();
        await page.keyboard.press('Enter');
        await expect.poll(async () => (await page.locator('[data-testid="categories-list-live"] [data-testid="category-name"]').allInnerTexts()).indexOf('Live 3')).toBe(1 - i);
        await page.locator('[data-testid="categories-list-live"][aria-busy="false"]').waitFor();
      }
      const cats = await playerApi<{ category_name: string }[]>('get_live_categories', OTHER);
      expect(cats[0].category_name).toBe('Live 3');

      await row('Live 2').locator('[data-testid="category-rename"]').click();
      const form = page.locator('[data-testid="category-rename-form"]');
      await form.locator('input[name="name"]').fill('Football');
      await form.locator('[data-testid="category-rename-submit"]').click();
      await form.waitFor({ state: 'detached' });
      await row('Football').waitFor();
      await row('Live 1').locator('[data-testid="category-hidden"]').click();
      await expect.poll(() => row('Live 1').locator('[data-testid="category-hidden"]').getAttribute('aria-checked')).toBe('true');
      const names = (await playerApi<{ category_name: string }[]>('get_live_categories', OTHER)).map((c) => c.category_name);
      expect(names).toContain('Football');
      expect(names).not.toContain('Live 1');
      expect(names).not.toContain('Live 2');

      const rule = page.locator('[data-testid="rename-rule-form"]');
      await rule.locator('input[name="pattern"]').fill('^Channel ');
      await rule.locator('input[name="replacement"]').fill('Ch ');
      expect(await rule.locator('[data-testid="rename-save"]').isDisabled()).toBe(true);
      await rule.locator('[data-testid="rename-preview-button"]').click();
      const preview = page.locator('[data-testid="rename-preview"][data-current]');
      await preview.waitFor();
      const after = await preview.locator('[data-testid="rename-preview-after"]').allInnerTexts();
      expect(after.length).toBeGreaterThan(0);
      expect(after.length).toBeLessThanOrEqual(20);
      for (const a of after) expect(a).toMatch(/^becomes\s*Ch \d/);
      await expectAccessible(page, '/categories with a rename preview');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'categories-1280.png'), fullPage: true });
      await rule.locator('[data-testid="rename-save"]').click();
      await page.locator('[data-testid="rename-rule"][data-pattern="^Channel "]').waitFor();
      await expect.poll(async () => (await playerApi<{ name: string }[]>('get_live_streams', OTHER)).every((c) => !c.name.startsWith('Channel '))).toBe(true);
    }));

  it('shows viewers every list without a control that changes it', () =>
    withLogs(async () => {
      const admin = await open('/bouquets', 'Bouquets');
      const res = await admin.request.post(`${suite.panel.baseUrl}/api/users`, { data: { username: VIEWER.username, password: VIEWER.password, role: 'viewer', isActive: true } });
      expect(res.status(), await res.text()).toBe(201);
      const checks = [
        ['/bouquets', 'Bouquets', '[data-testid="bouquet-card"]', ['add-bouquet', 'edit-bouquet', 'delete-bouquet', 'bouquet-preview']],
        ['/categories', 'Categories', '[data-testid="category-row"]', ['category-rename', 'category-up', 'rename-rule-form', 'delete-rename-rule']],
        ['/content-browser?type=live', 'Content browser', '[data-testid="content-row"]', ['edit-item', 'select-item', 'select-all']],
      ] as const;
      for (const [pagePath, heading, shown, absent] of checks) {
        const page = await suite.open(pagePath, heading, { user: VIEWER });
        await page.locator(shown).first().waitFor();
        for (const id of absent) expect(await page.locator(`[data-testid="${id}"]`).count(), `${pagePath}: ${id}`).toBe(0);
        if (pagePath === '/categories') expect(await page.locator('[data-testid="category-hidden"]').first().isDisabled()).toBe(true);
        await page.close();
      }
    }));

  it('works at 390 px without horizontal scroll', () =>
    withLogs(async () => {
      for (const [pagePath, heading, shot] of [
        ['/bouquets', 'Bouquets', 'bouquets-390.png'],
        ['/categories', 'Categories', 'categories-390.png'],
        ['/content-browser?type=live', 'Content browser', 'content-browser-390-admin.png'],
        ['/lines', 'Player accounts', 'lines-390-bouquets.png'],
      ] as const) {
        const page = await open(pagePath, heading, PHONE);
        await page.waitForLoadState('networkidle');
        await noHorizontalScroll(page, pagePath);
        if (pagePath.startsWith('/content-browser')) {
          // Every row's Edit button is on screen, not clipped by the table's card.
          const edit = await page.locator('[data-testid="edit-item"]').first().boundingBox();
          expect(edit && edit.x + edit.width).toBeLessThanOrEqual(390);
        }
        await page.screenshot({ path: path.join(SCREENSHOTS, shot), fullPage: true });
        if (pagePath === '/bouquets') {
          await page.locator('[data-testid="bouquet-card"][data-name="Sports"] [data-testid="edit-bouquet"]').click();
          await page.locator('[data-testid="bouquet-order-live-row"]').first().waitFor();
          await settle(page);
          await noHorizontalScroll(page, 'the bouquet dialog');
          await page.screenshot({ path: path.join(SCREENSHOTS, 'bouquets-390-dialog.png') });
        }
        await page.close();
      }
    }));
});
