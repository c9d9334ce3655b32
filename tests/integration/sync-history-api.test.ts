import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as syncJobs from '@/app/api/sync/jobs/route';
import { requestSync, settleSyncs } from '@/lib/sync/request-sync';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { call, makeUser, type TestUser } from '../helpers/admin-api';
import { withFreshDatabase } from '../helpers/database';
import { addFakeUpstream, closeAll } from '../helpers/panel-setup';

// GET /api/sync/jobs?upstreamId=: one upstream's sync history (the upstream page's "Sync history"),
// newest first, in the same shape as the unfiltered list.
withFreshDatabase();

let a: FakeUpstream;
let b: FakeUpstream;
let viewer: TestUser;
const ids = { a: '', b: '' };

async function syncOnce(id: string) {
  await requestSync(id);
  await settleSyncs();
}

beforeAll(async () => {
  [a, b] = await Promise.all([startFakeUpstream({ live: 3, vod: 2, series: 1 }), startFakeUpstream({ live: 2, vod: 1, series: 0 })]);
  ids.a = (await addFakeUpstream(a, { name: 'History A' })).id;
  ids.b = (await addFakeUpstream(b, { name: 'History B' })).id;
  await syncOnce(ids.a);
  await syncOnce(ids.b);
  a.quirks.htmlError = true;
  await syncOnce(ids.a);
  a.quirks.htmlError = false;
  viewer = await makeUser('history-viewer', 'viewer');
}, 60_000);

afterAll(() => closeAll(a, b));

describe('GET /api/sync/jobs?upstreamId=', () => {
  test("lists only that upstream's jobs, newest first, with status, counts, error and duration", async () => {
    const res = await call(syncJobs.GET, `/api/sync/jobs?upstreamId=${ids.a}`, { cookie: viewer.cookie });
    expect(res.status).toBe(200);
    const { items, total, page, pageSize } = res.json as { items: Record<string, unknown>[]; total: number; page: number; pageSize: number };
    expect({ total, page, pageSize }).toEqual({ total: 2, page: 1, pageSize: 50 });
    expect(items.map((j) => [j.upstreamId, j.status])).toEqual([
      [ids.a, 'failed'],
      [ids.a, 'succeeded'],
    ]);
    expect(items[0].error).toMatch(/HTML/);
    expect(items[1].error).toBeNull();
    expect(items[1].counts).toMatchObject({ live: 3, vod: 2, series: 1, added: 6, updated: 0, removed: 0 });
    for (const job of items) {
      expect(typeof job.durationMs).toBe('number');
      expect(Date.parse(String(job.finishedAt)) - Date.parse(String(job.startedAt))).toBe(job.durationMs);
    }

    const other = await call(syncJobs.GET, `/api/sync/jobs?upstreamId=${ids.b}&pageSize=1`, { cookie: viewer.cookie });
    expect(other.json.total).toBe(1);
    expect(other.json.items.map((j: { upstreamId: string }) => j.upstreamId)).toEqual([ids.b]);

    // Unfiltered: every upstream's jobs.
    const all = await call(syncJobs.GET, '/api/sync/jobs', { cookie: viewer.cookie });
    expect(all.json.total).toBe(3);
  });

  test('an id that is not an upstream id is a 400 naming the field; an unknown one an empty list', async () => {
    const bad = await call(syncJobs.GET, '/api/sync/jobs?upstreamId=nope', { cookie: viewer.cookie });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields)).toEqual(['upstreamId']);
    const unknown = await call(syncJobs.GET, '/api/sync/jobs?upstreamId=00000000-0000-4000-8000-000000000000', { cookie: viewer.cookie });
    expect(unknown.json).toMatchObject({ items: [], total: 0 });
  });

  test('needs a session', async () => {
    expect((await call(syncJobs.GET, `/api/sync/jobs?upstreamId=${ids.a}`)).status).toBe(401);
  });
});
