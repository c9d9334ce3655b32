import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * One browser per test file, a fresh context (no cookies) per `newPage()`; every context is closed
 * after its test and the browser after the file.
 */
export function useBrowser(): { newPage: (opts?: BrowserContextOptions) => Promise<Page> } {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => {})));
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    async newPage(opts) {
      if (!browser) throw new Error('browser not launched: call newPage() inside a test');
      const context = await browser.newContext(opts);
      context.setDefaultTimeout(20_000);
      context.setDefaultNavigationTimeout(30_000);
      contexts.push(context);
      return context.newPage();
    },
  };
}

/** The path part of the page's current URL. */
export const pathOf = (page: Page) => new URL(page.url()).pathname;

/** Waits until the page's URL path is `path` (client-side navigations included). */
export async function waitForPath(page: Page, path: string, timeout = 20_000): Promise<void> {
  try {
    await page.waitForURL((u) => u.pathname === path, { timeout, waitUntil: 'commit' });
  } catch {
    throw new Error(`expected to land on ${path}, still on ${page.url()}`);
  }
}

/** Waits for the page's one h1 to read `text` (exactly), and returns the h1 count. */
export async function expectHeading(page: Page, text: string, timeout = 20_000): Promise<void> {
  try {
    await page.getByRole('heading', { level: 1, name: text, exact: true }).first().waitFor({ timeout });
  } catch {
    const h1s = await page.locator('h1').allInnerTexts().catch(() => []);
    throw new Error(`expected an h1 "${text}" on ${page.url()}, found ${JSON.stringify(h1s)}`);
  }
  const count = await page.locator('h1').count();
  if (count !== 1) throw new Error(`expected one h1 on ${page.url()}, found ${count}`);
}

/** Signs in through the login form and waits until the browser has left /login. */
export async function login(page: Page, baseUrl: string, user: string, pass: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.locator('input[name="username"]').fill(user);
  await page.locator('input[name="password"]').fill(pass);
  await page.locator('button[type="submit"]').click();
  try {
    await page.waitForURL((u) => u.pathname !== '/login', { timeout: 20_000, waitUntil: 'commit' });
  } catch {
    const alert = await page.locator('[role="alert"]').allInnerTexts().catch(() => []);
    throw new Error(`login as ${user} at ${baseUrl} did not leave /login (${page.url()}) ${alert.join(' ')}`.trim());
  }
}

/**
 * Adds a provider over the admin API of the page's session, runs a sync to its end and returns the
 * upstream id (fails the test with the API's answer when a step is refused).
 */
export async function addAndSyncUpstream(page: Page, baseUrl: string, provider: { url: string; username: string; password: string }): Promise<string> {
  const created = await page.request.post(`${baseUrl}/api/upstream`, {
    data: { name: 'Fake Provider', serverUrl: provider.url, username: provider.username, password: provider.password, syncIntervalMinutes: 0 },
  });
  if (created.status() !== 201) throw new Error(`POST /api/upstream answered ${created.status()}: ${await created.text()}`);
  const upstreamId = ((await created.json()) as { id: string }).id;
  const sync = await page.request.post(`${baseUrl}/api/sync/now`, { data: { upstreamId } });
  if (sync.status() !== 202) throw new Error(`POST /api/sync/now answered ${sync.status()}: ${await sync.text()}`);
  const jobId = ((await sync.json()) as { jobs: { id: string }[] }).jobs[0].id;
  for (let i = 0; ; i++) {
    const job = (await (await page.request.get(`${baseUrl}/api/sync/jobs/${jobId}`)).json()) as { status: string };
    if (job.status === 'succeeded') return upstreamId;
    if (job.status === 'failed' || i > 120) throw new Error(`sync ended as ${job.status}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Collects what the browser reports as Content Security Policy violations on this page (console
 * messages and `securitypolicyviolation` events); read the array after the page has been used.
 */
export async function watchCspViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) seen.push(msg.text());
  });
  await page.exposeFunction('__reportCspViolation', (text: string) => seen.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportCspViolation: (t: string) => void }).__reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  return seen;
}
