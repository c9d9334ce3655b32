import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADMIN, DESKTOP, SCREENSHOTS, usePageSuite } from './helpers/page-suite';

// Issue 12, must-show 4: add an M3U upstream in the upstream dialog, sync it, pin a channel's guide
// on /epg with the type-ahead picker and see now/next.

const HOUR = 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');
const xmltvTime = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}00 +0000`;
};

/** A guide for channels m3u1..m3u5 with hour-long programmes "Show {id} {n}" from two hours ago. */
function guide(): string {
  const from = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;
  let xml = '<?xml version="1.0" encoding="UTF-8"?>\n<tv>\n';
  const ids = [1, 2, 3, 4, 5].map((n) => `m3u${n}.fake`);
  for (const [i, id] of ids.entries()) xml += `<channel id="${id}"><display-name>Guide Channel ${i + 1}</display-name></channel>\n`;
  for (const id of ids) {
    for (let n = 0; n < 8; n += 1) xml += `<programme start="${xmltvTime(from + n * HOUR)}" stop="${xmltvTime(from + (n + 1) * HOUR)}" channel="${id}"><title>Show ${id} ${n + 1}</title></programme>\n`;
  }
  return `${xml}</tv>\n`;
}

describe('guide page (/epg)', () => {
  const suite = usePageSuite({ fake: { live: 1, vod: 1, series: 1, categoriesPerType: 1, playlistLive: 30, playlistMovies: 2 } });
  const { withLogs } = suite;

  it('adds an M3U upstream, syncs it, pins a channel to a guide channel and shows now/next', () =>
    withLogs(async () => {
      suite.fake.guides.set('m3u.xml', guide());
      const page = await suite.open('/upstream', 'Upstream servers', { context: DESKTOP, user: ADMIN });
      await page.locator('[data-testid="add-upstream"]').click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('[data-testid="upstream-kind-m3u"]').click();
      await dialog.locator('input[name="name"]').fill('My playlist');
      await dialog.locator('input[name="playlistUrl"]').fill(`${suite.fake.url}/playlist.m3u?token=pl-secret`);
      await dialog.locator('input[name="epgUrl"]').fill(`${suite.fake.url}/guides/m3u.xml`);
      await dialog.locator('input[name="syncIntervalMinutes"]').fill('0');
      await dialog.locator('button[type="submit"]').click();
      await dialog.waitFor({ state: 'hidden' });
      const row = page.locator('[data-testid="upstream-row"]', { hasText: 'My playlist' });
      await row.waitFor();
      expect(await row.innerText()).toContain('M3U playlist');
      expect(await row.innerText()).not.toContain('pl-secret');
      await row.locator('[data-testid="sync-now"]').click();
      const result = row.locator('[data-testid="sync-result"]');
      await result.waitFor({ state: 'visible', timeout: 60_000 });
      expect(await result.getAttribute('data-status')).toBe('succeeded');
      expect(await result.innerText()).toMatch(/32 added/);

      await page.locator('[data-testid="nav-epg"]').first().click();
      await page.getByRole('heading', { name: 'Guide', level: 1 }).waitFor();
      const source = page.locator('[data-testid="epg-source-row"]', { hasText: 'My playlist' });
      await source.waitFor();
      expect(await source.locator('[data-testid="epg-source-status"]').innerText()).toBe('ok');
      expect((await source.innerText()).replace(/\s+/g, ' ')).toMatch(/\b5 40\b/); // 5 channels, 40 programmes

      // Channel 6 has a guide id the guide does not carry: unmatched until pinned.
      await page.locator('[data-testid="epg-search"]').fill('M3U Channel 6');
      const channel = page.locator('[data-testid="epg-channel-row"]', { hasText: 'M3U Channel 6' });
      await channel.waitFor();
      await expect.poll(() => page.locator('[data-testid="epg-channel-row"]').count()).toBe(1);
      expect(await channel.innerText()).toContain('unmatched');
      await channel.locator('[data-testid="epg-pin"]').click();
      const picker = channel.locator('[data-testid="epg-picker"]');
      await picker.locator('[data-testid="epg-picker-query"]').fill('Guide Channel 3');
      const option = picker.locator('[data-testid="epg-picker-option"]', { hasText: 'm3u3.fake' });
      await option.waitFor();
      await option.click();
      await channel.locator('[data-testid="epg-pinned"]').waitFor();
      const nowNext = channel.locator('[data-testid="epg-now-next"]');
      await expect.poll(() => nowNext.innerText()).toMatch(/Now Show m3u3\.fake 3/);
      expect(await nowNext.innerText()).toContain('Show m3u3.fake 4');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'epg-1280.png'), fullPage: true });

      // The pin holds through auto-match; the count of matched channels shows.
      await page.locator('[data-testid="epg-auto-match"]').click();
      await page.locator('[data-testid="epg-match-result"]').waitFor();
      expect(await page.locator('[data-testid="epg-match-result"]').innerText()).toMatch(/^6 channels have a guide, 24 have none/);
      expect(await channel.locator('[data-testid="epg-pinned"]').count()).toBe(1);
    }));
});
