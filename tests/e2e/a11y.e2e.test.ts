import path from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addAndSyncUpstream, expectHeading, login } from './helpers/browser';
import { seriousAxeViolations } from './helpers/axe';
import { ADMIN, SCREENSHOTS, settle, usePageSuite } from './helpers/page-suite';

/**
 * Every admin page, at 1440 px and 390 px, light and dark: axe-core finds no violation of impact
 * serious or critical, and the phone layout never scrolls sideways. Helpers adding a page add it here.
 */
export const ADMIN_PAGES: { path: string; heading: string }[] = [
  { path: '/', heading: 'Dashboard' },
  { path: '/upstream', heading: 'Upstream servers' },
  { path: '/local-content', heading: 'Local content' },
  { path: '/content-browser', heading: 'Content browser' },
  { path: '/categories', heading: 'Categories' },
  { path: '/bouquets', heading: 'Bouquets' },
  { path: '/api-monitor', heading: 'API monitor' },
  { path: '/routing-rules', heading: 'Routing rules' },
  { path: '/lines', heading: 'Player accounts' },
  { path: '/users', heading: 'Users' },
  { path: '/epg', heading: 'Guide' },
  { path: '/audit', heading: 'Audit log' },
  { path: '/settings', heading: 'Settings' },
];

const VIEWPORTS: { name: string; options: BrowserContextOptions }[] = [
  { name: '1440', options: { viewport: { width: 1440, height: 900 } } },
  { name: '390', options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
];
const THEMES = ['light', 'dark'] as const;

/** How far the document is wider than the screen (0 = no sideways scrolling). */
const overflowX = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('accessibility and phone layout of every admin page', () => {
  const suite = usePageSuite({ fake: { live: 6, vod: 6, series: 2 } });
  let seeded = false;

  /** One upstream synced, so tables, cards and charts have rows to check, not only empty states. */
  async function seed(page: Page) {
    if (seeded) return;
    await addAndSyncUpstream(page, suite.panel.baseUrl, suite.fake);
    const line = await page.request.post(`${suite.panel.baseUrl}/api/lines`, { data: { username: 'a11y-line', password: 'a11y-pass-1', maxConnections: 1 } });
    expect(line.status()).toBe(201);
    // A sighting (last seen, last IP) and a banned IP, so the row's activity and ban note are checked too.
    expect((await fetch(`${suite.panel.baseUrl}/player_api.php?username=a11y-line&password=a11y-pass-1`)).status).toBe(200);
    const { id } = (await line.json()) as { id: string };
    expect((await page.request.post(`${suite.panel.baseUrl}/api/lines/${id}/bans`, { data: { ip: '203.0.113.9', reason: 'a11y' } })).status()).toBe(201);
    seeded = true;
  }

  for (const theme of THEMES) {
    for (const vp of VIEWPORTS) {
      it(`${theme} at ${vp.name} px: no serious or critical axe violation${vp.name === '390' ? ', no sideways scroll' : ''}`, { timeout: 240_000 }, () =>
        suite.withLogs(async () => {
          const page = await suite.newPage({ ...vp.options, colorScheme: theme });
          await page.addInitScript((t) => localStorage.setItem('theme', t), theme);
          await login(page, suite.panel.baseUrl, ADMIN.username, ADMIN.password);
          await seed(page);
          const problems: string[] = [];
          for (const p of ADMIN_PAGES) {
            await page.goto(`${suite.panel.baseUrl}${p.path}`);
            await expectHeading(page, p.heading);
            // Live views keep a connection open (no network idle): give client islands a moment to load.
            if (p.path === '/') await page.locator('[data-testid="traffic-charts"]').waitFor();
            await page.waitForTimeout(400);
            await settle(page);
            expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(theme === 'dark');
            for (const v of await seriousAxeViolations(page)) problems.push(`${p.path}: ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 4).join('\n    ')}`);
            if (vp.name === '390') {
              const extra = await overflowX(page);
              if (extra > 0) problems.push(`${p.path}: the page scrolls sideways by ${extra} px at 390 px`);
            }
            await page.screenshot({ path: path.join(SCREENSHOTS, `a11y-${theme}-${vp.name}${p.path === '/' ? '-dashboard' : p.path.replace(/\//g, '-')}.png`), fullPage: true });
          }
          expect(problems, problems.join('\n')).toEqual([]);
        }),
      );
    }
  }
});
