import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startFakeUpstream, type FakeUpstream, type FakeUpstreamOptions } from '../../fake-upstream/server';
import { expectHeading, login, useBrowser } from './browser';
import { projectRoot, startPanel, withServerLogs, type Panel } from './server';

export interface Account {
  username: string;
  password: string;
}

/** The bootstrap admin every page suite's panel starts with. */
export const ADMIN: Account = { username: 'admin', password: 'e2e-admin-Passw0rd!' };
export const SCREENSHOTS = path.join(projectRoot, '.e2e', 'screenshots');
export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };
export const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** Lets open/close animations finish, so screenshots show the settled page. */
export const settle = (page: Page) => page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {})))).then(() => {});

export interface PageSuite {
  /** This file's panel (started before the first test, stopped after the last). */
  readonly panel: Panel;
  /** The fake provider, when the suite asked for one. */
  readonly fake: FakeUpstream;
  newPage: (opts?: BrowserContextOptions) => Promise<Page>;
  /** Runs a test body; a failure carries the end of the server's log. */
  withLogs: (fn: () => Promise<void>) => Promise<void>;
  /** Signs `page` in as `user` and opens `pagePath`, once its h1 reads `heading`. */
  signIn: (page: Page, pagePath: string, heading: string, user?: Account) => Promise<void>;
  /** The same on a new page (desktop unless `context` says otherwise). */
  open: (pagePath: string, heading: string, opts?: { context?: BrowserContextOptions; user?: Account }) => Promise<Page>;
}

/**
 * The start-up every admin page suite shares: one panel with ADMIN (and a fake provider when asked),
 * one browser, the screenshots folder.
 */
export function usePageSuite(options: { fake?: FakeUpstreamOptions } = {}): PageSuite {
  let panel: Panel | undefined;
  let fake: FakeUpstream | undefined;
  const { newPage } = useBrowser();

  beforeAll(async () => {
    [panel, fake] = await Promise.all([
      startPanel({ env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password } }),
      options.fake ? startFakeUpstream(options.fake) : undefined,
    ]);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await Promise.all([panel?.stop(), fake?.close()]);
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started: use it inside a test`);
    return value;
  };
  const signIn = async (page: Page, pagePath: string, heading: string, user = ADMIN) => {
    const { baseUrl } = started(panel, 'the panel');
    await login(page, baseUrl, user.username, user.password);
    await page.goto(`${baseUrl}${pagePath}`);
    await expectHeading(page, heading);
  };
  return {
    get panel() {
      return started(panel, 'the panel');
    },
    get fake() {
      return started(fake, 'the fake upstream');
    },
    newPage,
    withLogs: (fn) => withServerLogs(panel, fn),
    signIn,
    async open(pagePath, heading, opts = {}) {
      const page = await newPage(opts.context ?? DESKTOP);
      await signIn(page, pagePath, heading, opts.user);
      return page;
    },
  };
}
