import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ADMIN, SCREENSHOTS, settle, usePageSuite } from './helpers/page-suite';

const VIEWER = { username: 'watcher', password: 'e2e-viewer-Passw0rd!' };
const MOVIE = { title: 'E2E Home Movie', streamUrl: 'https://cdn.example.com/e2e-movie.mkv' };
const SERIES = { title: 'E2E Garden Show' };

// The tests run in order and share the items the first ones create.
describe('local content page (/local-content)', () => {
  const suite = usePageSuite();
  const { withLogs } = suite;

  async function openPage(user = ADMIN): Promise<Page> {
    return suite.open('/local-content', 'Local content', { user });
  }

  const row = (page: Page, title: string) => page.locator(`[data-testid="local-item-row"][data-title="${title}"]`);

  it('starts empty and says what to do', () =>
    withLogs(async () => {
      const page = await openPage();
      await page.locator('[data-testid="empty-state"]').waitFor();
    }));

  it('shows the API field message under the form field', () =>
    withLogs(async () => {
      const page = await openPage();
      await page.locator('[data-testid="add-local-item"]').click();
      const form = page.locator('[data-testid="local-item-form"]');
      await form.locator('input[name="title"]').fill('No URL movie');
      await form.locator('[data-testid="local-item-submit"]').click();
      await form.getByText('a movie needs an http(s) URL').waitFor();
    }));

  it('creates a movie', () =>
    withLogs(async () => {
      const page = await openPage();
      await page.locator('[data-testid="add-local-item"]').click();
      const form = page.locator('[data-testid="local-item-form"]');
      await form.waitFor();
      await settle(page);
      await form.locator('input[name="title"]').fill(MOVIE.title);
      await form.locator('input[name="streamUrl"]').fill(MOVIE.streamUrl);
      await form.locator('input[name="releaseYear"]').fill('2021');
      await form.locator('input[name="rating"]').fill('7.5');
      await form.locator('input[name="genre"]').fill('Family, Travel');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'local-content-1280-create.png') });
      await form.locator('[data-testid="local-item-submit"]').click();
      await row(page, MOVIE.title).waitFor();
      const text = await row(page, MOVIE.title).innerText();
      expect(text).toContain('Movie');
      expect(text).toContain('2021');
      expect(text).toContain('7.5');
      expect(Number(await row(page, MOVIE.title).getAttribute('data-public-id'))).toBeGreaterThan(0);
    }));

  it('creates a series and adds an episode to it', () =>
    withLogs(async () => {
      const page = await openPage();
      await page.locator('[data-testid="add-local-item"]').click();
      const form = page.locator('[data-testid="local-item-form"]');
      await form.locator('input[name="title"]').fill(SERIES.title);
      await form.locator('[data-testid="item-type"]').click();
      await page.getByRole('option', { name: 'Series', exact: true }).click();
      await form.locator('[data-testid="local-item-submit"]').click();
      await row(page, SERIES.title).waitFor();
      expect(await row(page, SERIES.title).locator('[data-testid="local-item-episodes"]').innerText()).toBe('0');

      await row(page, SERIES.title).locator('[data-testid="local-item-episodes-open"]').click();
      const dialog = page.locator('[data-testid="episodes-dialog"]');
      await dialog.locator('[data-testid="episodes-empty"]').waitFor();
      const episodeForm = dialog.locator('[data-testid="episode-form"]');
      await episodeForm.locator('input[name="title"]').fill('Pilot');
      await episodeForm.locator('input[name="streamUrl"]').fill('https://cdn.example.com/garden-s1e1.mp4');
      await episodeForm.locator('[data-testid="episode-submit"]').click();
      await dialog.locator('[data-testid="episode-row"][data-episode="S1E1"]').waitFor();
      await settle(page);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'local-content-1280-episodes.png') });

      // the next form suggests episode 2; the same number again is refused by the API
      await episodeForm.locator('input[name="episode"]').fill('1');
      await episodeForm.locator('input[name="title"]').fill('Duplicate');
      await episodeForm.locator('input[name="streamUrl"]').fill('https://cdn.example.com/dup.mp4');
      await episodeForm.locator('[data-testid="episode-submit"]').click();
      await episodeForm.getByText('already exists').waitFor();

      await page.keyboard.press('Escape');
      await expect.poll(() => row(page, SERIES.title).locator('[data-testid="local-item-episodes"]').innerText()).toBe('1');
    }));

  it('edits an episode and the movie', () =>
    withLogs(async () => {
      const page = await openPage();
      await row(page, SERIES.title).locator('[data-testid="local-item-episodes-open"]').click();
      const dialog = page.locator('[data-testid="episodes-dialog"]');
      await dialog.locator('[data-testid="episode-row"][data-episode="S1E1"] [data-testid="episode-edit"]').click();
      const episodeForm = dialog.locator('[data-testid="episode-form"]');
      await episodeForm.locator('input[name="title"]').fill('The Pilot');
      await episodeForm.locator('[data-testid="episode-submit"]').click();
      await dialog.locator('[data-testid="episode-row"][data-title="The Pilot"]').waitFor();
      await page.keyboard.press('Escape');

      await row(page, MOVIE.title).locator('[data-testid="local-item-edit"]').click();
      const form = page.locator('[data-testid="local-item-form"]');
      await form.locator('input[name="title"]').fill(`${MOVIE.title} (edited)`);
      await form.locator('[data-testid="local-item-submit"]').click();
      await row(page, `${MOVIE.title} (edited)`).waitFor();
    }));

  it('filters by type and searches by title', () =>
    withLogs(async () => {
      const page = await openPage();
      await page.locator('[data-testid="local-content-type-filter"]').getByText('Series', { exact: true }).click();
      await expect.poll(() => page.locator('[data-testid="local-item-row"]').count()).toBe(1);
      expect(await row(page, SERIES.title).count()).toBe(1);
      await page.goto(`${suite.panel.baseUrl}/local-content`);
      await page.locator('[data-testid="local-content-search"]').fill('home movie');
      await page.locator('[data-testid="local-content-search"]').press('Enter');
      await expect.poll(() => page.locator('[data-testid="local-item-row"]').count()).toBe(1);
      expect(await row(page, `${MOVIE.title} (edited)`).count()).toBe(1);
    }));

  it('shows viewers the list and episodes without buttons that change them', () =>
    withLogs(async () => {
      const admin = await openPage();
      const res = await admin.request.post(`${suite.panel.baseUrl}/api/users`, {
        data: { username: VIEWER.username, password: VIEWER.password, role: 'viewer', isActive: true },
      });
      expect(res.status(), await res.text()).toBe(201);

      const page = await openPage(VIEWER);
      await row(page, SERIES.title).waitFor();
      for (const id of ['add-local-item', 'local-item-edit', 'local-item-delete']) {
        expect(await page.locator(`[data-testid="${id}"]`).count(), id).toBe(0);
      }
      await row(page, SERIES.title).locator('[data-testid="local-item-episodes-open"]').click();
      const dialog = page.locator('[data-testid="episodes-dialog"]');
      await dialog.locator('[data-testid="episode-row"]').first().waitFor();
      expect(await dialog.locator('[data-testid="episode-form"]').count()).toBe(0);
      expect(await dialog.locator('[data-testid="episode-delete"]').count()).toBe(0);
    }));

  it('deletes an episode, then the series and the movie after confirming', () =>
    withLogs(async () => {
      const page = await openPage();
      await row(page, SERIES.title).locator('[data-testid="local-item-episodes-open"]').click();
      const dialog = page.locator('[data-testid="episodes-dialog"]');
      await dialog.locator('[data-testid="episode-row"] [data-testid="episode-delete"]').first().click();
      await page.locator('[data-testid="confirm-delete"]').click();
      await dialog.locator('[data-testid="episodes-empty"]').waitFor();
      // Escape goes to the top layer: let the confirmation finish closing first.
      await page.locator('[role="alertdialog"]').waitFor({ state: 'detached' });
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });

      for (const title of [SERIES.title, `${MOVIE.title} (edited)`]) {
        await row(page, title).locator('[data-testid="local-item-delete"]').click();
        await page.locator('[data-testid="confirm-delete"]').click();
        await row(page, title).waitFor({ state: 'detached' });
      }
      await page.locator('[data-testid="empty-state"]').waitFor();
    }));
});
