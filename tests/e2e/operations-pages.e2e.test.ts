import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, SCREENSHOTS, settle, usePageSuite } from './helpers/page-suite';

// The operations pages in a real browser: /settings (settings, webhooks with "send test", API tokens,
// backup and restore) and /audit (the changes just made, filtered).
describe('settings and audit pages', () => {
  const suite = usePageSuite();
  const { withLogs } = suite;
  const hooks: { path: string; body: string }[] = [];
  let receiver: http.Server;
  let hookUrl = '';
  let token = '';
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'neropanel-e2e-ops-'));

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        hooks.push({ path: req.url ?? '', body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/ops-hook`;
  });
  afterAll(async () => {
    await new Promise((r) => receiver.close(r));
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('saves settings (a bad value shows its message), adds a webhook and sends a test through it', () =>
    withLogs(async () => {
      const page = await suite.open('/settings', 'Settings');
      await page.locator('[data-testid="setting-syncIntervalHours"]').fill('500');
      await page.locator('[data-testid="save-settings"]').click();
      await page.locator('[data-testid="setting-syncIntervalHours"][aria-invalid="true"]').waitFor();
      await page.locator('[data-testid="setting-syncIntervalHours"]').fill('12');
      await page.locator('[data-testid="setting-seriesEpisodes"]').selectOption('on_demand');
      await page.locator('[data-testid="add-webhook"]').click();
      await page.locator('[data-testid="webhook-url"]').fill(hookUrl);
      await page.locator('[data-testid="webhook-format"]').selectOption('discord');
      await page.locator('[data-testid="save-settings"]').click();
      await page.getByText('Settings saved').waitFor();
      await page.reload();
      await expect.poll(() => page.locator('[data-testid="setting-syncIntervalHours"]').inputValue()).toBe('12');
      expect(await page.locator('[data-testid="setting-seriesEpisodes"]').inputValue()).toBe('on_demand');
      await page.locator('[data-testid="setting-seriesEpisodes"]').selectOption('sync'); // back to the default for the suites after
      await page.locator('[data-testid="save-settings"]').click();
      await page.getByText('Settings saved').last().waitFor();
      await page.locator('[data-testid="webhook-test"]').click();
      await page.getByText('Test notification delivered').waitFor();
      expect(hooks.map((h) => [h.path, JSON.parse(h.body).content])).toEqual([['/ops-hook', expect.stringContaining('**Test notification**')]]);
      await settle(page);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'settings-1280.png'), fullPage: true });
    }));

  it('creates an API token shown once; it creates a line from a script; revoked, it is refused', () =>
    withLogs(async () => {
      const page = await suite.open('/settings', 'Settings');
      await page.locator('[data-testid="token-name"]').fill('e2e script');
      await page.locator('[data-testid="token-role"]').selectOption('admin');
      await page.locator('[data-testid="create-token"]').click();
      token = (await page.locator('[data-testid="new-token"] code').innerText()).trim();
      expect(token).toMatch(/^np_/);
      const made = await fetch(`${suite.panel.baseUrl}/api/lines`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'made.by.token' }),
      });
      expect(made.status).toBe(201);
      await page.reload();
      await expect.poll(() => page.locator('[data-testid="token-row"]').count()).toBe(1);
      expect(await page.locator('body').innerText()).not.toContain(token);
      await page.locator('[data-testid="revoke-token"]').click();
      await page.getByText('revoked', { exact: true }).waitFor();
      const refused = await fetch(`${suite.panel.baseUrl}/api/lines`, { headers: { authorization: `Bearer ${token}` } });
      expect(refused.status).toBe(401);
    }));

  it('downloads a backup with a passphrase and restores it; a tampered file changes nothing', () =>
    withLogs(async () => {
      const page = await suite.open('/settings', 'Settings');
      await page.locator('[data-testid="backup-passphrase"]').fill('a long e2e passphrase');
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="download-backup"]').click()]);
      const file = path.join(tmp, 'backup.json');
      await download.saveAs(file);
      const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
      expect(doc.format).toBe('neropanel-backup');
      expect(doc.sections.lines.map((l: { username: string }) => l.username)).toEqual(['made.by.token']);

      const bad = path.join(tmp, 'bad.json');
      doc.sections.lines[0].maxConnections = -1;
      fs.writeFileSync(bad, JSON.stringify(doc));
      await page.locator('[data-testid="restore-file"]').setInputFiles(bad);
      await page.locator('[data-testid="restore-passphrase"]').fill('a long e2e passphrase');
      await page.locator('[data-testid="restore-backup"]').click();
      await expect.poll(() => page.locator('[data-testid="restore-result"]').innerText()).toContain('Nothing was changed. document.sections.lines.0.maxConnections');

      await page.locator('[data-testid="restore-file"]').setInputFiles(file);
      await page.locator('[data-testid="restore-backup"]').click();
      await expect.poll(() => page.locator('[data-testid="restore-result"]').innerText()).toMatch(/^Restored: .*lines 1/);
    }));

  it('the audit page lists the changes with who made them, and filters by what changed', () =>
    withLogs(async () => {
      const page = await suite.open('/audit', 'Audit log');
      await page.locator('[data-testid="audit-row"]').first().waitFor();
      const text = await page.locator('[data-testid="audit-table"]').innerText();
      expect(text).toContain('token:e2e script');
      expect(text).toContain('admin');
      expect(text).not.toContain(token);
      await page.locator('#audit-entity').selectOption('settings');
      await page.locator('[data-testid="audit-apply"]').click();
      await page.waitForURL(/entity=settings/);
      const rows = page.locator('[data-testid="audit-row"]');
      await expect.poll(() => rows.count()).toBe(2); // the two saves of the settings test; the refused one wrote nothing
      await rows.first().locator('summary').click();
      expect(await rows.first().locator('pre').innerText()).toContain('"before"');
      await settle(page);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'audit-1280.png'), fullPage: true });
      const phone = await suite.open('/audit', 'Audit log', { context: PHONE });
      await phone.screenshot({ path: path.join(SCREENSHOTS, 'audit-390.png'), fullPage: true });
    }));
});
