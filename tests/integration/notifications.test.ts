import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { query } from '@/db/client';
import * as settingsApi from '@/app/api/settings/route';
import * as testApi from '@/app/api/notifications/test/route';
import { runNotificationChecks } from '@/lib/notifications/run';
import { invalidateSettings } from '@/lib/settings';
import { createUpstream } from '@/lib/upstream/server-service';
import { withFreshDatabase } from '../helpers/database';
import { call, makeUser, type TestUser } from '../helpers/admin-api';

// Issue 15 must-show 4: a webhook receiver gets one "upstream expiring" event for an upstream that
// expires in 3 days, not two within the cool-down; "send test" delivers. Plus the other formats.

withFreshDatabase();

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
const received: Received[] = [];
let receiver: http.Server;
let base: string;
let admin: TestUser;
let upstreamId: string;

const bodies = (path: string) => received.filter((r) => r.path === path);

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(req.url === '/broken' ? 500 : 204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  admin = await makeUser('notify-admin', 'admin', 'Notify-Admin-Pass');
  invalidateSettings();
  const up = await createUpstream({ name: 'Ending soon', serverUrl: 'http://127.0.0.1:9/', username: 'u', password: 'p-secret-1', isActive: true, timeoutSeconds: 10, priority: 0, syncIntervalMinutes: 0 });
  upstreamId = up.id;
  await query(`UPDATE upstream_servers SET expires_at = now() + interval '3 days' WHERE id = $1`, [upstreamId]);
});

afterAll(async () => {
  await new Promise((r) => receiver?.close(r));
});

async function configure(webhooks: { id: string; url: string; format: string; enabled?: boolean }[], extra: Record<string, unknown> = {}) {
  const res = await call(settingsApi.PATCH, '/api/settings', { method: 'PATCH', cookie: admin.cookie, body: { notifications: { webhooks, ...extra } } });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
}

describe('notifications', () => {
  test('one "upstream expiring" event for an upstream that expires in 3 days, not two within the cool-down', async () => {
    await configure([{ id: 'ops', url: `${base}/generic`, format: 'json' }], { expiryWarningDays: 7, cooldownMinutes: 60 });
    const first = await runNotificationChecks();
    expect(first.sent.map((e) => e.type)).toEqual(['upstream_expiring']);
    const second = await runNotificationChecks();
    expect(second.sent).toEqual([]);
    const got = bodies('/generic').map((r) => JSON.parse(r.body));
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ source: 'neropanel', type: 'upstream_expiring', details: { upstreamId, days: 3 } });
    expect(got[0].title).toContain('Ending soon');
    expect(JSON.stringify(got)).not.toContain('p-secret-1');
    // The cool-down lives in the database (replicas agree): once it has passed, the event comes again.
    await query(`UPDATE notification_state SET last_sent_at = now() - interval '61 minutes'`);
    expect((await runNotificationChecks()).sent).toHaveLength(1);
    expect(bodies('/generic')).toHaveLength(2);
  });

  test('outside the warning window nothing is sent; a failing sync is', async () => {
    received.length = 0;
    await query('DELETE FROM notification_state');
    await configure([{ id: 'ops', url: `${base}/generic`, format: 'json' }], { expiryWarningDays: 2 });
    await query(`UPDATE upstream_servers SET last_sync_status = 'failed', last_error = 'connection refused' WHERE id = $1`, [upstreamId]);
    const { sent } = await runNotificationChecks();
    expect(sent.map((e) => e.type)).toEqual(['upstream_failing']);
    expect(JSON.parse(bodies('/generic')[0].body).message).toContain('connection refused');
    await query(`UPDATE upstream_servers SET last_sync_status = 'succeeded', last_error = NULL WHERE id = $1`, [upstreamId]);
  });

  test('a webhook that fails gives the event back: the next round sends it again', async () => {
    received.length = 0;
    await query('DELETE FROM notification_state');
    await configure([{ id: 'down', url: `${base}/broken`, format: 'json' }], { expiryWarningDays: 7 });
    expect((await runNotificationChecks()).failed).toHaveLength(1);
    await configure([{ id: 'up', url: `${base}/generic`, format: 'json' }]);
    expect((await runNotificationChecks()).sent).toHaveLength(1);
  });

  test('"send test" delivers in every format: generic JSON, Discord, Slack, ntfy', async () => {
    received.length = 0;
    await configure([
      { id: 'json', url: `${base}/json`, format: 'json' },
      { id: 'discord', url: `${base}/discord`, format: 'discord' },
      { id: 'slack', url: `${base}/slack`, format: 'slack' },
      { id: 'ntfy', url: `${base}/ntfy`, format: 'ntfy' },
      { id: 'off', url: `${base}/off`, format: 'json', enabled: false },
    ]);
    const res = await call(testApi.POST, '/api/notifications/test', { method: 'POST', cookie: admin.cookie, body: {} });
    expect(res.status).toBe(200);
    expect(res.json.deliveries.map((d: { webhookId: string; ok: boolean }) => [d.webhookId, d.ok])).toEqual([
      ['json', true],
      ['discord', true],
      ['slack', true],
      ['ntfy', true],
    ]);
    expect(JSON.parse(bodies('/json')[0].body)).toMatchObject({ type: 'test', title: 'Test notification' });
    expect(JSON.parse(bodies('/discord')[0].body).content).toContain('**Test notification**');
    expect(JSON.parse(bodies('/slack')[0].body).text).toContain('*Test notification*');
    expect(bodies('/ntfy')[0]).toMatchObject({ body: 'NeroPanel can reach this webhook.', headers: expect.objectContaining({ title: 'NeroPanel: Test notification', tags: 'test' }) });
    expect(bodies('/off')).toHaveLength(0);
    // One webhook by id (even a disabled one: the button beside it); an unknown id is a 404.
    expect((await call(testApi.POST, '/api/notifications/test', { method: 'POST', cookie: admin.cookie, body: { webhookId: 'off' } })).json.deliveries).toEqual([
      { webhookId: 'off', ok: true, status: 204 },
    ]);
    expect((await call(testApi.POST, '/api/notifications/test', { method: 'POST', cookie: admin.cookie, body: { webhookId: 'nope' } })).status).toBe(404);
  });
});
