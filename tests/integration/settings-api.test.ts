import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as settingsApi from '@/app/api/settings/route';
import { writeJsonSetting } from '@/db/queries/settings';
import { listUpstreamsDueForSync } from '@/db/queries/upstream-servers';
import { query } from '@/db/client';
import { resetEnv } from '@/lib/env';
import { RETENTION } from '@/lib/monitor/request-log';
import { hubSettings } from '@/lib/relay/live-hub';
import { defaultSettings, invalidateSettings } from '@/lib/settings';
import { followSettings } from '@/lib/settings-follow';
import type { Notice } from '@/lib/shared-state/notices';
import { createUpstream } from '@/lib/upstream/server-service';
import { withFreshDatabase } from '../helpers/database';
import { call, makeUser, type TestUser } from '../helpers/admin-api';
import { deleteKeys, redisAnswers, startReplica, testPrefix, testRedisUrl, waitFor, type TestReplica } from '../helpers/redis';

// GET/PATCH /api/settings: validated (400 with field messages), applied without a restart here and,
// through the Redis notice, on another replica at once (not after the cache's TTL).
const redis = await redisAnswers();
const prefix = testPrefix();
if (redis) {
  Object.assign(process.env, { REDIS_URL: testRedisUrl, REDIS_PREFIX: prefix, REPLICA_ID: 'settings-p' });
  resetEnv();
}
withFreshDatabase();

let admin: TestUser;
let viewer: TestUser;
let b: TestReplica | undefined;
const heardOnB: Notice[] = [];

beforeAll(async () => {
  invalidateSettings();
  admin = await makeUser('settings-admin', 'admin', 'Settings-Admin-Pass');
  viewer = await makeUser('settings-viewer', 'viewer', 'Settings-Viewer-Pass');
  followSettings();
  if (redis) {
    b = await startReplica({ prefix, replicaId: 'settings-b' });
    b.shared.bus.on((n) => heardOnB.push(n));
  }
});
afterAll(async () => {
  await b?.close();
  if (redis) await deleteKeys(prefix);
});

describe('settings API', () => {
  test('a new panel reads the defaults', async () => {
    const res = await call(settingsApi.GET, '/api/settings', { cookie: admin.cookie });
    expect(res.status).toBe(200);
    expect(res.json).toEqual(defaultSettings());
  });

  test('bad input is a 400 naming each field; nothing is saved', async () => {
    const res = await call(settingsApi.PATCH, '/api/settings', {
      method: 'PATCH',
      cookie: admin.cookie,
      body: { syncIntervalHours: -1, liveLingerMs: 'long', notifications: { webhooks: [{ id: 'a', url: 'ftp://x', format: 'teams' }], colour: 1 }, nope: true },
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.json.error.fields).sort()).toEqual(
      ['liveLingerMs', 'nope', 'notifications.colour', 'notifications.webhooks.0.format', 'notifications.webhooks.0.url', 'syncIntervalHours'].sort(),
    );
    expect(res.json.error.fields.syncIntervalHours).toBe('must be at least 0');
    const dup = await call(settingsApi.PATCH, '/api/settings', {
      method: 'PATCH',
      cookie: admin.cookie,
      body: { notifications: { webhooks: [{ id: 'a', url: 'https://a.example/' }, { id: 'a', url: 'https://b.example/' }] } },
    });
    expect(dup.status).toBe(400);
    expect((await call(settingsApi.GET, '/api/settings', { cookie: admin.cookie })).json).toEqual(defaultSettings());
  });

  test('a change applies at once: live linger, request-log retention, sync schedule', async () => {
    const res = await call(settingsApi.PATCH, '/api/settings', { method: 'PATCH', cookie: admin.cookie, body: { liveLingerMs: 12_345, requestLogRetentionDays: 3, notifications: { cooldownMinutes: 30 } } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ liveLingerMs: 12_345, requestLogRetentionDays: 3, syncIntervalHours: 24, notifications: { cooldownMinutes: 30, expiryWarningDays: 7 } });
    expect(hubSettings.lingerMs).toBe(12_345);
    expect(RETENTION.days).toBe(3);
    // The schedule: the shorter of the upstream's interval and the panel's; 0 turns it off.
    const up = await createUpstream({ name: 'Sched', serverUrl: 'http://127.0.0.1:9/', username: 'u', password: 'p', isActive: true, timeoutSeconds: 10, priority: 0, syncIntervalMinutes: 6 * 60 });
    await query(`UPDATE upstream_servers SET last_sync_at = now() - interval '3 hours' WHERE id = $1`, [up.id]);
    expect(await listUpstreamsDueForSync(24 * 60)).toEqual([]);
    expect(await listUpstreamsDueForSync(2 * 60)).toEqual([up.id]);
    expect(await listUpstreamsDueForSync(0)).toEqual([]);
  });

  test('a viewer reads the settings with webhook URLs cut to their host, and cannot change them', async () => {
    await call(settingsApi.PATCH, '/api/settings', { method: 'PATCH', cookie: admin.cookie, body: { notifications: { webhooks: [{ id: 'd', url: 'https://discord.com/api/webhooks/1/very-secret', format: 'discord' }] } } });
    const seen = await call(settingsApi.GET, '/api/settings', { cookie: viewer.cookie });
    expect(seen.json.notifications.webhooks[0].url).toBe('https://discord.com/…');
    expect(seen.text).not.toContain('very-secret');
    expect((await call(settingsApi.PATCH, '/api/settings', { method: 'PATCH', cookie: viewer.cookie, body: { fallbackVideo: false } })).status).toBe(403);
  });

  test.skipIf(!redis)('another replica\'s save reaches this one through Redis at once, and ours reaches it', async () => {
    // Replica B saved (same database) and published the notice: P re-reads before its 5 s cache expires.
    const current = (await call(settingsApi.GET, '/api/settings', { cookie: admin.cookie })).json;
    await writeJsonSetting('panel_settings', { ...current, liveLingerMs: 777 });
    const started = Date.now();
    await b!.shared.bus.publish({ t: 'settings' });
    await waitFor(() => hubSettings.lingerMs === 777, 2_000, 'the setting to reach this replica');
    expect(Date.now() - started).toBeLessThan(2_000);
    await call(settingsApi.PATCH, '/api/settings', { method: 'PATCH', cookie: admin.cookie, body: { fallbackVideo: false } });
    await waitFor(() => heardOnB.some((n) => n.t === 'settings'), 2_000, 'our notice to reach B');
  });
});
