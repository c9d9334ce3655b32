import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectHeading, login, useBrowser, waitForPath } from './helpers/browser';
import { resolveDataDir } from '@/lib/env/data-dir';
import { projectRoot, startPanel, tail, type Panel } from './helpers/server';

// A fresh install with no ADMIN_* variables: every page leads to /setup until the first admin exists.
const ADMIN = { username: 'firstadmin', password: 'first-run-Passw0rd!' };

describe('first run (no ADMIN_USERNAME/ADMIN_PASSWORD)', () => {
  let panel: Panel;
  let dataDir = '';
  const { newPage } = useBrowser();

  beforeAll(async () => {
    panel = await startPanel();
    dataDir = panel.dataDir;
  });
  afterAll(async () => {
    await panel?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('GET /api/health answers 200 {status:"ok", db:"ok"}', async () => {
    const res = await fetch(`${panel.baseUrl}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', db: 'ok' });
  });

  it('sends /login and / to /setup while no user exists', async () => {
    const page = await newPage();
    await page.goto(`${panel.baseUrl}/login`);
    await waitForPath(page, '/setup');
    await page.goto(`${panel.baseUrl}/`);
    await waitForPath(page, '/setup');
  });

  it('creates the first admin through the setup form and lands on the dashboard', async () => {
    const page = await newPage();
    await page.goto(`${panel.baseUrl}/setup`);
    await page.locator('input[name="username"]').fill(ADMIN.username);
    await page.locator('input[name="password"]').fill(ADMIN.password);
    await page.locator('input[name="confirmPassword"]').fill(ADMIN.password);
    await page.locator('button[type="submit"]').click();
    await waitForPath(page, '/');
    await expectHeading(page, 'Dashboard');
  });

  it('closes the setup once an admin exists: /setup redirects to /login, POST /api/setup answers 409', async () => {
    const page = await newPage();
    await page.goto(`${panel.baseUrl}/setup`);
    await waitForPath(page, '/login');

    const res = await fetch(`${panel.baseUrl}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'intruder', password: 'intruder-Passw0rd!' }),
    });
    expect(res.status).toBe(409);
  });

  it('keeps the data across a restart on the same data dir', async () => {
    await panel.stop({ keepData: true });
    panel = await startPanel({ dataDir });
    const page = await newPage();
    try {
      await login(page, panel.baseUrl, ADMIN.username, ADMIN.password);
      await waitForPath(page, '/');
      await expectHeading(page, 'Dashboard');
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- server output ---\n${tail(panel.logs())}`);
    }
    // And the setup stays closed.
    const res = await fetch(`${panel.baseUrl}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'intruder', password: 'intruder-Passw0rd!' }),
    });
    expect(res.status).toBe(409);
  });

  it('keeps the database outside .next, so a rebuild cannot wipe it', () => {
    // The server was told DATA_DIR=<dataDir> and wrote its embedded database there.
    expect(panel.env.DATA_DIR).toBe(dataDir);
    expect(path.isAbsolute(dataDir)).toBe(true);
    expect(fs.readdirSync(dataDir).length, `nothing written to ${dataDir}`).toBeGreaterThan(0);
    const rel = path.relative(path.join(projectRoot, '.next'), fs.realpathSync(dataDir));
    expect(rel.startsWith('..') || path.isAbsolute(rel), `${dataDir} is inside .next`).toBe(true);
  });

  it('defaults DATA_DIR to data/ under the folder the server runs from (the project root)', () => {
    const fakeRoot = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'neropanel-root-')));
    const cwd = process.cwd();
    process.chdir(fakeRoot);
    try {
      expect(resolveDataDir('')).toBe(path.join(fakeRoot, 'data'));
      expect(resolveDataDir('var/db')).toBe(path.join(fakeRoot, 'var', 'db'));
      expect(resolveDataDir('/srv/neropanel')).toBe('/srv/neropanel');
    } finally {
      process.chdir(cwd);
      fs.rmSync(fakeRoot, { recursive: true, force: true });
    }
  });
});
