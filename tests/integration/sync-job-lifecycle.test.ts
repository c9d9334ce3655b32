import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { query, tryLock } from '@/db/client';
import { finishJob } from '@/db/queries/sync-jobs';
import { logger } from '@/lib/monitor/logger';
import { resetShutdown, shutdownPanel } from '@/lib/shutdown';
import { closeOrphanedSyncJobs, requestSync, settleSyncs } from '@/lib/sync/request-sync';
import { SHUTTING_DOWN } from '@/lib/sync/run-guard';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { makeUser } from '../helpers/admin-api';
import { withFreshDatabase } from '../helpers/database';
import { postFakeUpstream } from '../helpers/panel-setup';

withFreshDatabase();

const PASSWORD = 'Lifecycle-Upstream-1';
let fake: FakeUpstream;
let upstreamId: string;
let level: typeof logger.level;

const jobOf = async (id: string) =>
  (await query<{ status: string; error: string | null; progress_done: number }>('SELECT status, error, progress_done FROM sync_jobs WHERE id = $1', [id]))[0];

async function until(what: string, ms: number, cond: () => Promise<boolean>) {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  level = logger.level;
  logger.level = 'silent';
  fake = await startFakeUpstream({ password: PASSWORD, live: 10, vod: 6_000, series: 10, categoriesPerType: 2 });
  const admin = await makeUser('lifecycle-admin', 'admin');
  const res = await postFakeUpstream(admin.cookie, fake, { name: 'Lifecycle', password: PASSWORD, syncIntervalMinutes: 0 });
  expect(res.status).toBe(201);
  upstreamId = res.json.id;
});

afterEach(async () => {
  fake.quirks.listPause = null;
  await settleSyncs();
  resetShutdown();
});

afterAll(async () => {
  logger.level = level;
  await fake.close();
});

describe('sync jobs that lost their process', () => {
  test('a job left running with nobody holding its lock is closed as interrupted; "sync now" then runs', async () => {
    // What a process killed mid-sync leaves behind.
    const [{ id }] = await query<{ id: string }>(
      `INSERT INTO sync_jobs (upstream_server_id, trigger, status, started_at, phase) VALUES ($1, 'manual', 'running', now(), 'vod') RETURNING id`,
      [upstreamId],
    );
    expect(await closeOrphanedSyncJobs()).toEqual([id]);
    expect(await jobOf(id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/^interrupted/) });
    const next = await requestSync(upstreamId);
    await settleSyncs();
    expect(await jobOf(next.id)).toMatchObject({ status: 'succeeded' });
  }, 90_000); // a whole 6,000-movie sync: 31 s twice at load 10-19 on 2 cores (hooks get 60 s)

  test('a job whose lock is held (a run on another replica) is left alone', async () => {
    const [{ id }] = await query<{ id: string }>(
      `INSERT INTO sync_jobs (upstream_server_id, trigger, status, started_at, phase) VALUES ($1, 'manual', 'running', now(), 'vod') RETURNING id`,
      [upstreamId],
    );
    const lock = await tryLock(`sync:${upstreamId}`);
    try {
      expect(await closeOrphanedSyncJobs()).toEqual([]);
      expect((await jobOf(id)).status).toBe('running');
    } finally {
      await lock!.release();
    }
    expect(await closeOrphanedSyncJobs()).toEqual([id]);
  });

  test('a final status is written only while the job is still active: a closed job never flips', async () => {
    const [{ id }] = await query<{ id: string }>(
      `INSERT INTO sync_jobs (upstream_server_id, trigger, status, error, finished_at) VALUES ($1, 'manual', 'failed', 'interrupted', now()) RETURNING id`,
      [upstreamId],
    );
    expect(await finishJob(id, { status: 'succeeded', counts: {}, error: null, done: 10 })).toBe(false);
    expect(await jobOf(id)).toMatchObject({ status: 'failed', error: 'interrupted' });
  });
});

describe('shutdown during a sync', () => {
  test('the run stops at a batch boundary and closes its job as "interrupted: shutting down"', async () => {
    fake.quirks.listPause = { rows: 500, ms: 100 };
    const job = await requestSync(upstreamId);
    await until('the sync to be in the movie list', 20_000, async () => (await jobOf(job.id)).progress_done >= 1_000);
    const started = Date.now();
    const report = await shutdownPanel(10_000);
    const tookMs = Date.now() - started;
    expect(report).toEqual({ done: [`sync:${upstreamId}`], late: [] });
    expect(tookMs).toBeLessThan(5_000);
    expect(await jobOf(job.id)).toMatchObject({ status: 'failed', error: SHUTTING_DOWN });
    // nothing is left holding the lock, and no new sync starts while shutting down
    await expect(requestSync(upstreamId)).rejects.toThrow(/shutting down/);
    const lock = await tryLock(`sync:${upstreamId}`);
    expect(lock).not.toBeNull();
    await lock!.release();
    console.log(`sync-job-lifecycle: a running sync stopped and closed its job ${tookMs} ms after shutdownPanel()`);
  });
});
