import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, SCREENSHOTS, settle, usePageSuite } from './helpers/page-suite';

const LINE = { username: 'qr.e2e', password: 'pw-qr-12345' };

// Lines: everything a player needs in one copy, and a QR code of the playlist link for TV and phone apps.
describe('player account links: copy all and QR code', () => {
  const suite = usePageSuite();

  for (const [name, context] of [['1280', DESKTOP], ['390', PHONE]] as const) {
    it(`copies server, username, password, M3U, EPG and the HDHomeRun tuner at once and shows a QR code (${name} px)`, () =>
      suite.withLogs(async () => {
        const page = await suite.open('/lines', 'Player accounts', { context });
        await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.panel.baseUrl });
        if (name === '1280') {
          const created = await page.request.post(`${suite.panel.baseUrl}/api/lines`, { data: { ...LINE, maxConnections: 1 } });
          expect(created.status(), await created.text()).toBe(201);
          await page.reload();
        }
        await page.locator(`[data-testid="line-row"][data-username="${LINE.username}"] [data-testid="line-links"]:visible, [data-username="${LINE.username}"] [data-testid="line-links"]:visible`).first().click();
        const dialog = page.locator('[data-testid="line-credentials"]');
        await dialog.waitFor();
        const qr = dialog.locator('[data-testid="line-qr"]');
        expect(await qr.getAttribute('role')).toBe('img');
        expect(await qr.getAttribute('aria-label')).toContain(LINE.username);
        // A QR code of a ~100-character link is version 5 or more: at least 37 modules a side.
        const side = Number((await qr.getAttribute('viewBox'))!.split(' ')[2]);
        expect(side).toBeGreaterThanOrEqual(37);
        expect(((await qr.locator('path').getAttribute('d')) ?? '').length).toBeGreaterThan(1000);

        await dialog.locator('[data-testid="copy-all"]').click();
        await page.getByText('Copied').first().waitFor();
        const copied = await page.evaluate(() => navigator.clipboard.readText());
        const playlist = await dialog.locator('[data-testid="playlist-url"]').innerText();
        expect(copied).toBe(
          [
            `Server: ${suite.panel.baseUrl}`,
            `Username: ${LINE.username}`,
            `Password: ${LINE.password}`,
            `M3U playlist: ${playlist}`,
            `EPG (XMLTV): ${await dialog.locator('[data-testid="xmltv-url"]').innerText()}`,
            `HDHomeRun tuner (Plex, Jellyfin, Emby): ${await dialog.locator('[data-testid="hdhr-url"]').innerText()}`,
          ].join('\n'),
        );
        expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
        await settle(page);
        await page.screenshot({ path: path.join(SCREENSHOTS, `lines-${name}-qr.png`) });
      }));
  }
});
