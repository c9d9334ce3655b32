import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '@/db/client';
import * as syncNow from '@/app/api/sync/now/route';
import { subscribeEvents, type PanelEvent } from '@/lib/monitor/events';
import { settleSyncs } from '@/lib/sync/request-sync';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { call, makeUser, type TestUser } from '../helpers/admin-api';
import { testDriver } from '../helpers/database';
import { postFakeUpstream } from '../helpers/panel-setup';
import { closeProxiedTestDatabase, installProxiedTestDatabase, type PgProxy } from '../helpers/pg-proxy';
import { watchUncaught } from '../helpers/uncaught';

// The panel's pool reaches PostgreSQL through a TCP proxy that the test can cut, refuse or hold
// silent in the middle of a sync. The issue this guards against: a 3 s blip dropped the sync's
// advisory lock, a second "sync now" started a second run of the same upstream, and the first flipped
// its job back to "succeeded" 47 s after it had been closed as interrupted.
const skip = testDriver !== 'pg';
if (skip) console.log('db-outage-sync: skipped: PostgreSQL only (set TEST_DATABASE_URL): the proxy sits between the pg Pool and PostgreSQL');

const PASSWORD = 'Outage-Upstream-1';
const VOD = 20_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(50);
  }
}

describe.skipIf(skip)(`a sync while the database goes away${skip ? ' (skipped: PostgreSQL only)' : ''}`, () => {
  let direct: Database;
  let proxied: Database;
  let proxy: PgProxy;
  let fake: FakeUpstream;
  let admin: TestUser;
  let upstreamId: string;
  const watch = watchUncaught();
  const { uncaught } = watch;

  beforeAll(async () => {
    watch.start();
    ({ direct, proxied, proxy } = await installProxiedTestDatabase());
    // A slow provider: the movie list takes a few seconds, so the database can go away mid-list.
    fake = await startFakeUpstream({ password: PASSWORD, live: 20, vod: VOD, series: 20, categoriesPerType: 3, quirks: { listPause: { rows: 1000, ms: 150 } } });
    admin = await makeUser('outage-admin', 'admin');
    const res = await postFakeUpstream(admin.cookie, fake, { name: 'Slow', password: PASSWORD, syncIntervalMinutes: 0 });
    expect(res.status).toBe(201);
    upstreamId = res.json.id;
  }, 60_000);

  afterAll(async () => {
    await settleSyncs();
    await closeProxiedTestDatabase({ direct, proxied, proxy });
    await fake?.close();
    watch.stop();
  });

  /** Every status each job of the upstream was seen in, read past the proxy every 25 ms. */
  function watchJobs() {
    const seen = new Map<string, string[]>();
    let overlaps = 0;
    let stop = false;
    const loop = (async () => {
      while (!stop) {
        const rows = await direct.query<{ id: string; status: string }>('SELECT id, status FROM sync_jobs WHERE upstream_server_id = $1', [upstreamId]);
        for (const { id, status } of rows) {
          const history = seen.get(id) ?? [];
          if (history.at(-1) !== status) history.push(status);
          seen.set(id, history);
        }
        if (rows.filter((r) => r.status === 'running' || r.status === 'queued').length > 1) overlaps++;
        await sleep(25);
      }
    })();
    return {
      seen,
      overlaps: () => overlaps,
      stop: async () => {
        stop = true;
        await loop;
      },
    };
  }

  /** Sync events per job, in order: which run was writing when. */
  function watchEvents() {
    const events: { jobId: string; phase: string }[] = [];
    const off = subscribeEvents((e: PanelEvent) => {
      if (e.type === 'sync' && e.upstreamId === upstreamId) events.push({ jobId: e.jobId, phase: e.phase });
    });
    return { events, off };
  }

  const syncNowCall = () => call(syncNow.POST, '/api/sync/now', { method: 'POST', cookie: admin.cookie, body: { upstreamId } });
  const job = (id: string) => direct.query<{ status: string; error: string | null; progress_done: number }>('SELECT status, error, progress_done FROM sync_jobs WHERE id = $1', [id]).then((r) => r[0]);

  /** Starts a sync and answers its job id once it has written a few thousand movies. */
  async function syncUnderWay(): Promise<string> {
    const res = await syncNowCall();
    expect(res.status).toBe(202);
    const id = res.json.jobs[0].id as string;
    await until('the sync to be well into the movie list', 30_000, async () => {
      const j = await job(id);
      return j.status === 'running' && j.progress_done >= 3_000;
    });
    return id;
  }

  /** After the outage: a new sync succeeds, and nothing changes any job's final status afterwards. */
  async function expectOneSyncAtATime(first: string, jobs: ReturnType<typeof watchJobs>, ev: ReturnType<typeof watchEvents>) {
    const firstJob = await until('the first job to be closed', 45_000, async () => {
      const j = await job(first);
      return j.status !== 'running' && j.status !== 'queued' ? j : undefined;
    });
    expect(firstJob.status).toBe('failed');
    expect(firstJob.error).toMatch(/^interrupted: /);

    const again = await until('"sync now" to be accepted again', 10_000, async () => {
      const res = await syncNowCall();
      return res.status === 202 ? res : undefined;
    });
    const second = again.json.jobs[0].id as string;
    expect(second).not.toBe(first);
    await settleSyncs();
    expect(await job(second)).toMatchObject({ status: 'succeeded', error: null });

    // Long enough for a stray run to write again (the flip came 47 s later on a 50k sync; here
    // a stray run would reach its end within a few seconds of the second one).
    await sleep(3_000);
    await jobs.stop();
    ev.off();
    expect(jobs.seen.get(first)).toEqual(expect.arrayContaining(['failed']));
    expect(jobs.seen.get(first)!.at(-1)).toBe('failed');
    expect(jobs.seen.get(first)).not.toContain('succeeded');
    expect(jobs.seen.get(second)!.at(-1)).toBe('succeeded');
    expect(jobs.overlaps()).toBe(0);
    // The first run wrote nothing once the second had started.
    const secondStarts = ev.events.findIndex((e) => e.jobId === second);
    expect(secondStarts).toBeGreaterThan(0);
    expect(ev.events.slice(secondStarts).filter((e) => e.jobId === first)).toEqual([]);
    expect(uncaught).toEqual([]);
    const [{ n }] = await direct.query<{ n: number }>(`SELECT count(*)::int AS n FROM synced_content WHERE upstream_server_id = $1 AND stream_type = 'vod' AND removed_at IS NULL`, [upstreamId]);
    expect(n).toBe(VOD);
  }

  test('a 3 s blip mid-sync: the run stops as failed, one sync at a time, no status flips, no uncaught error', async () => {
    const jobs = watchJobs();
    const ev = watchEvents();
    const first = await syncUnderWay();
    await proxy.refuse(); // every connection closed, the lock's among them; new ones refused
    const during = await syncNowCall();
    expect(during.status).toBe(503);
    expect(during.json.error.code).toBe('db_unavailable');
    await sleep(3_000);
    await proxy.restore();
    await expectOneSyncAtATime(first, jobs, ev);
  }, 120_000);

  test('a silent database mid-sync (a partition): the lock counts as lost, the run stops when the network heals', async () => {
    const jobs = watchJobs();
    const ev = watchEvents();
    const first = await syncUnderWay();
    proxy.hold();
    const started = Date.now();
    const during = await syncNowCall();
    expect(during.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(15_000);
    await sleep(Math.max(0, 6_000 - (Date.now() - started)));
    await proxy.restore();
    await expectOneSyncAtATime(first, jobs, ev);
  }, 120_000);
});
