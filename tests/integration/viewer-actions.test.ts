import crypto from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { query } from '@/db/client';
import { createLine } from '@/lib/lines/service';
import { getSettings, saveSettings } from '@/lib/settings';
import { flushRequestLog, listRequests } from '@/lib/monitor/request-log';
import { hubSettings } from '@/lib/relay/live-hub';
import { connectionsSnapshot } from '@/lib/slots/connections';
import { activeConnections, upstreamSlotsInUse } from '@/lib/slots/slots';
import { updateUpstream } from '@/lib/upstream/server-service';
import { DELETE as stopConnection } from '@/app/api/monitor/connections/[id]/route';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { call, makeUser } from '../helpers/admin-api';
import { withFreshDatabase } from '../helpers/database';
import { deleteKeys, redisAnswers, startReplica, testPrefix, waitFor as waitUntil, type TestReplica } from '../helpers/redis';
import { startXtreamServer, type XtreamServer } from '../helpers/xtream-server';
import { addSyncedUpstream, closeAll, waitFor } from '../helpers/panel-setup';

withFreshDatabase();

let provider: FakeUpstream;
let panel: XtreamServer;
let upstreamId = '';
const lines: Record<string, string> = {};
let admin: { cookie: string };
let viewer: { cookie: string };

async function liveIds(): Promise<number[]> {
  const rows = await query<{ public_id: number }>(
    `SELECT public_id FROM synced_content WHERE upstream_server_id = $1 AND stream_type = 'live' ORDER BY public_id`,
    [upstreamId],
  );
  return rows.map((r) => Number(r.public_id));
}

/** Opens a stream; resolves once the first bytes arrived. `closed` resolves when the panel ends the socket. */
function watch(path: string) {
  return new Promise<{ closed: Promise<number>; abort: () => void }>((resolve, reject) => {
    const req = http.get(`${panel.url}${path}`, { agent: false }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
      const closed = new Promise<number>((done) => {
        res.on('close', () => done(Date.now()));
        res.on('error', () => done(Date.now()));
      });
      res.once('data', () => resolve({ closed, abort: () => req.destroy() }));
      res.resume();
    });
    req.on('error', reject);
  });
}


beforeAll(async () => {
  hubSettings.lingerMs = 200;
  // Refusals answer with their status here; the fallback video case is checked on its own below.
  await saveSettings({ ...(await getSettings()), fallbackVideo: false });
  provider = await startFakeUpstream({ live: 4, vod: 1, series: 0, liveBytesPerSecond: 200_000 });
  const up = await addSyncedUpstream(provider, { name: 'Provider B', priority: 1, maxConnections: 1 });
  upstreamId = up.id;
  for (const username of ['alice', 'bob']) {
    const line = await createLine({ username, password: `pw-${username}-1`, maxConnections: 1, expiresAt: null, isTrial: false, status: 'active', allowedOutputFormats: ['ts', 'm3u8'], onLimit: 'refuse' }, 'http://x');
    lines[username] = line.id;
  }
  admin = await makeUser('va-admin', 'admin');
  viewer = await makeUser('va-viewer', 'viewer');
  panel = await startXtreamServer();
}, 60_000);

afterAll(() => closeAll(panel, provider));

describe('acting on viewers', () => {
  test('a request refused for lack of upstream slots carries the reason and the upstream tried', async () => {
    const [a, b] = await liveIds();
    const holder = await watch(`/live/alice/pw-alice-1/${a}.ts`);
    try {
      const refused = await fetch(`${panel.url}/live/bob/pw-bob-1/${b}.ts`);
      expect(refused.status).toBe(503);
      // The player is not told which provider is full; the monitor is.
      expect(await refused.text()).not.toContain('Provider B');
      await flushRequestLog();
      const { items } = await listRequests({ page: 1, pageSize: 10, filter: { line: 'bob' } });
      const record = items.find((r) => r.status === 503);
      expect(record?.reason).toContain('Provider B slots 1/1 in use');
      expect(record?.upstreams).toEqual([{ upstreamId, name: 'Provider B', result: 'full', detail: 'slots 1/1 in use' }]);
      // With the fallback video on, the player gets a looping video (200) and the monitor still the reason.
      await saveSettings({ ...(await getSettings()), fallbackVideo: true });
      const fallback = await new Promise<number>((resolve, reject) => {
        const req = http.get(`${panel.url}/live/bob/pw-bob-1/${b}.ts`, { agent: false }, (res) => {
          resolve(res.statusCode ?? 0);
          req.destroy();
        });
        req.on('error', reject);
      });
      await saveSettings({ ...(await getSettings()), fallbackVideo: false });
      expect(fallback).toBe(200);
      await waitFor(async () => {
        await flushRequestLog();
        const { items: later } = await listRequests({ page: 1, pageSize: 10, filter: { line: 'bob' } });
        return later.length >= 2;
      }, 3_000, 'the fallback request recorded');
      const { items: later } = await listRequests({ page: 1, pageSize: 10, filter: { line: 'bob' } });
      expect(later[0].reason).toContain('Provider B slots 1/1 in use');
    } finally {
      holder.abort();
    }
    await waitFor(() => activeConnections(lines.alice) === 0, 2_000, 'alice released');
  });

  test('a viewer stopped by an admin is disconnected within 2 s and its slot is free', async () => {
    const [a] = await liveIds();
    await waitFor(() => (upstreamSlotsInUse().get(upstreamId) ?? 0) === 0, 3_000, 'upstream slot free');
    const watching = await watch(`/live/alice/pw-alice-1/${a}.ts`);
    const snapshot = await connectionsSnapshot();
    const target = snapshot.viewers.find((v) => v.line === 'alice');
    expect(target?.id).toMatch(/^\d+@/);

    // A viewer-role user may look but not stop.
    const denied = await call(stopConnection, `/api/monitor/connections/${target!.id}`, { method: 'DELETE', cookie: viewer.cookie, params: { id: target!.id } });
    expect(denied.status).toBe(403);

    const asked = Date.now();
    const res = await call(stopConnection, `/api/monitor/connections/${target!.id}`, { method: 'DELETE', cookie: admin.cookie, params: { id: target!.id } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ id: target!.id, stopped: 'here' });
    const closedAt = await Promise.race([watching.closed, new Promise<number>((r) => setTimeout(() => r(Infinity), 2_000))]);
    expect(closedAt - asked).toBeLessThan(2_000);
    console.log(`viewer-actions: stopped viewer's socket closed ${closedAt - asked} ms after the DELETE`);
    expect(activeConnections(lines.alice)).toBe(0);
    expect((await connectionsSnapshot()).viewers.some((v) => v.line === 'alice')).toBe(false);

    // The account (1 connection, refuse on limit) can open a stream again at once.
    const again = await watch(`/live/alice/pw-alice-1/${a}.ts`);
    again.abort();
    await waitFor(() => activeConnections(lines.alice) === 0, 2_000, 'alice released again');
  });

  test('stopping a viewer that is gone, or a malformed id, is a 404', async () => {
    for (const id of ['99999@' + 'r-none', 'nonsense']) {
      const res = await call(stopConnection, `/api/monitor/connections/${id}`, { method: 'DELETE', cookie: admin.cookie, params: { id } });
      expect(res.status).toBe(404);
    }
  });

  test('a stream open that fails marks the upstream unhealthy with its error', async () => {
    const [, , c] = await liveIds();
    await waitFor(() => (upstreamSlotsInUse().get(upstreamId) ?? 0) === 0, 3_000, 'upstream slot free');
    const bad = await startFakeUpstream({ live: 1, vod: 0, series: 0 });
    await bad.close();
    // Point the stored upstream at a port nobody listens on: the open fails, the dashboard must say so.
    await updateUpstream(upstreamId, { serverUrl: bad.url });
    const res = await fetch(`${panel.url}/live/bob/pw-bob-1/${c}.ts`);
    expect(res.status).toBe(502);
    await waitFor(async () => {
      const [row] = await query<{ last_test_error: string | null }>(`SELECT last_test_error FROM upstream_servers WHERE id = $1`, [upstreamId]);
      return Boolean(row.last_test_error);
    }, 3_000, 'health recorded');
    const [row] = await query<{ last_test_error: string }>(`SELECT last_test_error FROM upstream_servers WHERE id = $1`, [upstreamId]);
    expect(row.last_test_error).toMatch(/stream open failed: upstream unreachable/);
    await updateUpstream(upstreamId, { serverUrl: provider.url });
  });
});

// Two replicas in one process against a real Redis: an admin on A stops a viewer that B serves.
const redisUp = await redisAnswers();
describe.skipIf(!redisUp && !process.env.TEST_REDIS_URL)('stopping a viewer on another replica (Redis notice)', () => {
  const prefix = testPrefix();
  let a: TestReplica;
  let b: TestReplica;
  beforeAll(async () => {
    a = await startReplica({ prefix, replicaId: 'stop-a' });
    b = await startReplica({ prefix, replicaId: 'stop-b' });
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await deleteKeys(prefix);
  });

  test("A's stop closes B's viewer within 2 s and its lease is given back", async () => {
    const l = { id: crypto.randomUUID(), username: 'remote', maxConnections: 1, onLimit: 'refuse' as const };
    const closed: number[] = [];
    const session = await b.slots.reserveViewer(l, { publicId: 7, name: 'channel', upstreamId: null, mode: 'proxy', clientIp: '192.0.2.9', close: () => closed.push(Date.now()) });
    expect(session).not.toBeNull();
    await waitUntil(() => a.slots.activeConnections(l.id) === 1, 2_000, 'A sees the viewer on B');
    const asked = Date.now();
    await a.leases.requestStop('stop-b', session!.id);
    await waitUntil(() => closed.length === 1, 2_000, "B's viewer closed");
    expect(closed[0] - asked).toBeLessThan(2_000);
    console.log(`viewer-actions: viewer on replica B closed ${closed[0] - asked} ms after A's stop`);
    // B's own count drops at once; the Redis-reported count follows the give-back notice.
    expect(b.slots.listViewers().some((v) => v.id === session!.id)).toBe(false);
    await waitUntil(() => b.slots.activeConnections(l.id) === 0 && a.slots.activeConnections(l.id) === 0, 2_000, 'both replicas see the slot free');
    // The 1-connection account may watch again at once, on A.
    const again = await a.slots.reserveViewer(l, { publicId: 7, name: 'channel', upstreamId: null, mode: 'proxy', clientIp: '192.0.2.9', close: () => {} });
    expect(again).not.toBeNull();
    a.slots.releaseViewer(again!);
  });
});
