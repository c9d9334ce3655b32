import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '@/db/client';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { redisAnswers, testPrefix, testRedisUrl } from '../helpers/redis';
import { adminCookie } from './helpers/admin-session';
import { sleep, startPanel, withServerLogs, type Panel } from './helpers/server';

// Issue 15 must-show 6: SIGTERM with 20 viewers and a running sync: exit within 10 s, the last
// requests are in api_requests, no lease is left in Redis, the job is not left `running`.
const redis = await redisAnswers();
if (!redis) console.log(`graceful-stop.e2e: Redis part runs only with a Redis at ${testRedisUrl}`);

const ADMIN = { username: 'stopadmin', password: 'e2e-stop-Passw0rd!' };
const LINE = { username: 'twenty.viewers', password: 'Twenty-Viewers-1' };
const VIEWERS = 20;

describe('graceful stop', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'neropanel-e2e-stop-'));
  const prefix = testPrefix();
  let panel: Panel | undefined;
  let small: FakeUpstream;
  let big: FakeUpstream;
  let cookie = '';
  const viewers: AbortController[] = [];

  const api = async <T,>(p: string, method = 'GET', body?: unknown): Promise<{ status: number; json: T }> => {
    const res = await fetch(`${panel!.baseUrl}${p}`, {
      method,
      headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(15_000),
    });
    return { status: res.status, json: (await res.json()) as T };
  };

  beforeAll(async () => {
    small = await startFakeUpstream({ password: 'Small-Provider-1', live: 8, vod: 2, series: 1, account: { maxConnections: 50 } });
    // A big, slow provider: its sync is still running when the signal comes.
    big = await startFakeUpstream({ password: 'Big-Provider-2', live: 50, vod: 40_000, series: 10, quirks: { listPause: { rows: 1_000, ms: 200 } } });
    panel = await startPanel({
      dataDir,
      env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, ...(redis ? { REDIS_URL: testRedisUrl, REDIS_PREFIX: prefix, REPLICA_ID: 'stopping' } : {}) },
    });
    cookie = await adminCookie(panel.baseUrl, ADMIN);
  }, 180_000);

  afterAll(async () => {
    for (const v of viewers) v.abort();
    await panel?.stop();
    await small?.close();
    await big?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (redis) {
      const r = new Redis(testRedisUrl);
      const keys = await r.keys(`${prefix}*`);
      if (keys.length) await r.del(...keys);
      r.disconnect();
    }
  });

  it('exits within 10 s; the viewers\' and the last requests are logged, no lease is left, the sync job is closed', async () => {
    await withServerLogs(panel, async () => {
      const smallUp = await api<{ id: string }>('/api/upstream', 'POST', { name: 'Small', serverUrl: small.url, username: small.username, password: 'Small-Provider-1', syncIntervalMinutes: 0 });
      expect(smallUp.status).toBe(201);
      const first = await api<{ jobs: { id: string }[] }>('/api/sync/now', 'POST', { upstreamId: smallUp.json.id });
      expect(first.status).toBe(202);
      for (const deadline = Date.now() + 60_000; ; ) {
        const job = (await api<{ status: string }>(`/api/sync/jobs/${first.json.jobs[0].id}`)).json;
        if (job.status === 'succeeded') break;
        if (Date.now() > deadline || !['queued', 'running'].includes(job.status)) throw new Error(`small sync: ${job.status}`);
        await sleep(200);
      }
      expect((await api('/api/lines', 'POST', { ...LINE, maxConnections: 30 })).status).toBe(201);
      const live = (await (await fetch(`${panel!.baseUrl}/player_api.php?${new URLSearchParams({ ...LINE, action: 'get_live_streams' })}`)).json()) as { stream_id: number }[];
      expect(live.length).toBeGreaterThanOrEqual(4);

      // 20 viewers on 4 channels, each with its first bytes in hand.
      await Promise.all(
        Array.from({ length: VIEWERS }, async (_, i) => {
          const ctl = new AbortController();
          viewers.push(ctl);
          const res = await fetch(`${panel!.baseUrl}/live/${LINE.username}/${LINE.password}/${live[i % 4].stream_id}.ts`, { signal: ctl.signal });
          expect(res.status).toBe(200);
          const reader = res.body!.getReader();
          const { value } = await reader.read();
          expect(value!.length).toBeGreaterThan(0);
          // Keep reading in the background until the server ends the stream.
          void (async () => {
            try {
              while (!(await reader.read()).done);
            } catch {
              // the server closed it, or the test aborted it
            }
          })();
        }),
      );
      let leasesBefore = 0;
      if (redis) {
        const r = new Redis(testRedisUrl);
        for (const key of await r.keys(`${prefix}lease:*`)) leasesBefore += await r.zcard(key);
        r.disconnect();
        expect(leasesBefore).toBeGreaterThanOrEqual(VIEWERS);
      }

      // The big sync gets under way.
      const bigUp = await api<{ id: string }>('/api/upstream', 'POST', { name: 'Big', serverUrl: big.url, username: big.username, password: 'Big-Provider-2', syncIntervalMinutes: 0 });
      const started = await api<{ jobs: { id: string }[] }>('/api/sync/now', 'POST', { upstreamId: bigUp.json.id });
      const jobId = started.json.jobs[0].id;
      for (const deadline = Date.now() + 60_000; ; ) {
        const job = (await api<{ status: string; progress: { done: number } }>(`/api/sync/jobs/${jobId}`)).json;
        if (job.status === 'running' && job.progress.done >= 2_000) break;
        if (Date.now() > deadline || !['queued', 'running'].includes(job.status)) throw new Error(`big sync: ${JSON.stringify(job)}`);
        await sleep(100);
      }
      // The last player requests: answered just before the signal, so still in the memory buffer.
      const marker = `last-before-stop-${Date.now()}`;
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${panel!.baseUrl}/player_api.php?${new URLSearchParams({ ...LINE, action: 'get_live_categories', marker })}`);
        expect(res.status).toBe(200);
      }

      const signalled = Date.now();
      expect(await panel!.kill('SIGTERM')).toBe(143);
      const exitMs = Date.now() - signalled;
      expect(exitMs).toBeLessThan(10_000);

      // The database after the exit (the panel's own PGlite data directory).
      const db = await openPglite(path.join(dataDir, 'pglite'));
      try {
        const [{ n: last }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM api_requests WHERE path LIKE $1`, [`%${marker}%`]);
        expect(last).toBe(3);
        const [{ n: streams }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM api_requests WHERE path LIKE '/live/%'`);
        const seen = await db.query<{ path: string; status: number }>(`SELECT path, status FROM api_requests ORDER BY id DESC LIMIT 30`);
        expect(streams, JSON.stringify(seen)).toBe(VIEWERS);
        const [job] = await db.query<{ status: string; error: string | null }>('SELECT status, error FROM sync_jobs WHERE id = $1', [jobId]);
        expect(job).toMatchObject({ status: 'failed', error: 'interrupted: shutting down' });
      } finally {
        await db.close();
      }
      let leasesAfter = 0;
      if (redis) {
        const r = new Redis(testRedisUrl);
        for (const key of await r.keys(`${prefix}lease:*`)) leasesAfter += await r.zcard(key);
        r.disconnect();
        expect(leasesAfter).toBe(0);
      }
      console.log(`graceful-stop.e2e: SIGTERM with ${VIEWERS} viewers and a running sync: exit after ${exitMs} ms; leases ${leasesBefore} -> ${leasesAfter}; last requests and ${VIEWERS} stream entries in api_requests; job closed`);
    });
  }, 300_000);
});
