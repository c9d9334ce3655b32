import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addAndSyncUpstream } from './helpers/browser';
import { DESKTOP, SCREENSHOTS, usePageSuite } from './helpers/page-suite';

const LINE = { username: 'details.e2e', password: 'pw-details-1234' };

// Must-show 4: series episodes with a copyable URL, live now/next, posters through /img/… fetched once.
describe('content details in the content browser', () => {
  const suite = usePageSuite({ fake: { live: 4, vod: 3, series: 2, categoriesPerType: 1, artwork: true } });
  let ready = false;

  async function openBrowser(query: string): Promise<Page> {
    const page = await suite.open(`/content-browser${query}`, 'Content browser', { context: DESKTOP });
    if (!ready) {
      await addAndSyncUpstream(page, suite.panel.baseUrl, suite.fake);
      const line = await page.request.post(`${suite.panel.baseUrl}/api/lines`, { data: { ...LINE, maxConnections: 2 } });
      expect(line.status(), await line.text()).toBe(201);
      ready = true;
      await page.reload();
    }
    await page.locator('[data-testid="content-row"]').first().waitFor();
    return page;
  }

  const openRow = async (page: Page, name: string) => {
    await page.locator('[data-testid="content-row"]', { hasText: name }).locator('[data-testid="content-name"]').click();
    const sheet = page.locator('[data-testid="content-details"]');
    await sheet.locator('[data-testid="item-extras"]').waitFor({ timeout: 15_000 });
    return sheet;
  };

  it('a series shows its seasons and episodes and a copyable stream URL for a chosen account', () =>
    suite.withLogs(async () => {
      const page = await openBrowser('?type=series');
      const series = suite.fake.catalog.series[0];
      const sheet = await openRow(page, series.name);
      await sheet.locator('[data-testid="details-season"]').first().waitFor();
      expect(await sheet.locator('[data-testid="details-episode"]').count()).toBe(series.episodeCount);
      expect(await sheet.locator('[data-testid="details-plot"]').innerText()).toBe(series.plot);
      await sheet.locator('[data-testid="details-line"]').selectOption({ label: LINE.username });
      const url = sheet.locator('[data-testid="episode-stream-url"]').first();
      await url.waitFor();
      const text = await url.innerText();
      expect(text).toMatch(new RegExp(`/series/${LINE.username.replace('.', '\\.')}/${LINE.password}/\\d+\\.\\w+$`));
      // The URL plays for a player.
      const played = await fetch(text.replace(/^https?:\/\/[^/]+/, suite.panel.baseUrl), { headers: { range: 'bytes=0-99' } });
      expect([200, 206]).toContain(played.status);
      await played.body?.cancel();
      expect(await sheet.locator('[data-testid="copy-episode-stream-url"]').count()).toBeGreaterThan(0);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'content-details-series-1280.png') });
    }));

  it('a live channel shows now and next from the guide', () =>
    suite.withLogs(async () => {
      const page = await openBrowser('?type=live');
      const channel = suite.fake.catalog.live.find((c) => c.epgChannelId !== null)!;
      const sheet = await openRow(page, channel.name);
      const now = await sheet.locator('[data-testid="guide-now"]').innerText();
      expect(now).toMatch(new RegExp(`${channel.name} show \\d`));
      expect(await sheet.locator('[data-testid="guide-next"]').innerText()).toMatch(new RegExp(`${channel.name} show \\d`));
    }));

  it('posters load from /img/… and the provider host is fetched once for 20 page views', () =>
    suite.withLogs(async () => {
      const page = await openBrowser('?type=movie');
      // No browser cache: every view asks the panel again; only the panel's own cache may spare the provider.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      const providerHost = new URL(suite.fake.url).host;
      const fromProvider: string[] = [];
      page.on('request', (r) => {
        if (new URL(r.url()).host === providerHost) fromProvider.push(r.url());
      });
      const movie = suite.fake.catalog.vod[0];
      for (let view = 0; view < 20; view++) {
        await page.reload();
        const thumb = page.locator('[data-testid="content-row"]', { hasText: movie.name }).locator('img');
        await thumb.waitFor();
        // A thumbnail the row's size, not the provider's full image.
        expect(await thumb.getAttribute('src')).toMatch(/^\/img\/[^?]+\?w=96$/);
        await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 }).toBe(1);
      }
      const sheet = await openRow(page, movie.name);
      const poster = sheet.locator('[data-testid="details-poster"]');
      await expect.poll(() => poster.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 }).toBe(1);
      expect(await poster.getAttribute('src')).toMatch(/^\/img\/[^?]+\?w=160$/);
      const thumbType = await page.evaluate(async (src) => (await fetch(src!)).headers.get('content-type'), await poster.getAttribute('src'));
      expect(thumbType).toBe('image/webp');
      // The browser never asked the provider; the panel asked once per image.
      expect(fromProvider).toEqual([]);
      const posterPath = new URL(movie.icon).pathname;
      expect(suite.fake.stats.artwork[posterPath]).toBe(1);
      expect(Object.values(suite.fake.stats.artwork).every((n) => n === 1)).toBe(true);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'content-details-movie-1280.png') });
    }));
});
