import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { query } from '@/db/client';
import * as upstreamApi from '@/app/api/upstream/route';
import * as upstreamOne from '@/app/api/upstream/[id]/route';
import * as syncNow from '@/app/api/sync/now/route';
import * as syncJob from '@/app/api/sync/jobs/[id]/route';
import { settleSyncs } from '@/lib/sync/request-sync';
import { logger, tapLogs } from '@/lib/monitor/logger';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { withFreshDatabase } from '../helpers/database';
import { postFakeUpstream } from '../helpers/panel-setup';
import { call, makeUser, type TestUser } from '../helpers/admin-api';
import { tableText } from '../helpers/fixtures';

withFreshDatabase();

const PASSWORD = 'Upstream-Secret-77';
let fake: FakeUpstream;
let admin: TestUser;
let upstreamId: string;
const logLines: string[] = [];
let untap: () => void;

async function syncAndWait() {
  const res = await call(syncNow.POST, '/api/sync/now', { method: 'POST', cookie: admin.cookie, body: { upstreamId } });
  expect(res.status).toBe(202);
  await settleSyncs();
  const job = await call(syncJob.GET, `/api/sync/jobs/${res.json.jobs[0].id}`, { cookie: admin.cookie, params: { id: res.json.jobs[0].id } });
  return job.json;
}

async function items(type: string) {
  return query<{ stream_id: string; public_id: number; name: string; removed_at: Date | null; category_id: number | null }>(
    `SELECT stream_id, public_id, name, removed_at, category_id FROM synced_content WHERE upstream_server_id = $1 AND stream_type = $2 ORDER BY stream_id`,
    [upstreamId, type],
  );
}

beforeAll(async () => {
  untap = tapLogs((l) => logLines.push(l));
  logger.level = 'debug';
  fake = await startFakeUpstream({ password: PASSWORD, live: 25, vod: 60, series: 12, categoriesPerType: 4 });
  admin = await makeUser('sync-admin', 'admin');
  const res = await postFakeUpstream(admin.cookie, fake, { name: 'Fake', password: PASSWORD });
  expect(res.status).toBe(201);
  upstreamId = res.json.id;
});

afterAll(async () => {
  logger.level = 'silent';
  untap();
  await fake.close();
});

beforeEach(() => {
  fake.quirks.resetMidList = null;
  fake.quirks.emptyList = null;
  fake.quirks.listPause = null;
});

describe('catalog sync', () => {
  test('a full sync stores every category and item with its fields', async () => {
    const job = await syncAndWait();
    expect(job.status).toBe('succeeded');
    expect(job.counts).toMatchObject({ live: 25, vod: 60, series: 12, categories: 12, added: 97, updated: 0, removed: 0 });
    const movies = await items('vod');
    expect(movies).toHaveLength(60);
    const byId = new Map(movies.map((m) => [m.stream_id, m]));
    for (const m of fake.catalog.vod) {
      const row = byId.get(String(m.id));
      expect(row?.name).toBe(m.name);
      expect(row?.category_id).not.toBeNull();
    }
    const [detail] = await query<{ container_extension: string; release_year: number; tmdb_id: string; rating: number }>(
      `SELECT container_extension, release_year, tmdb_id, rating FROM synced_content WHERE upstream_server_id = $1 AND stream_type = 'vod' AND stream_id = $2`,
      [upstreamId, String(fake.catalog.vod[0].id)],
    );
    expect(detail).toMatchObject({ container_extension: fake.catalog.vod[0].extension, release_year: fake.catalog.vod[0].year, tmdb_id: String(fake.catalog.vod[0].tmdbId) });
    const live = await query<{ epg_channel_id: string | null }>(`SELECT epg_channel_id FROM synced_content WHERE stream_type = 'live' AND stream_id = $1`, [String(fake.catalog.live[0].id)]);
    expect(live[0].epg_channel_id).toBe(fake.catalog.live[0].epgChannelId);
    const cats = await query(`SELECT * FROM categories WHERE upstream_server_id = $1 AND removed_at IS NULL`, [upstreamId]);
    expect(cats).toHaveLength(12);
    const up = await call(upstreamOne.GET, `/api/upstream/${upstreamId}`, { cookie: admin.cookie, params: { id: upstreamId } });
    expect(up.json).toMatchObject({ counts: { live: 25, vod: 60, series: 12 }, lastSyncStatus: 'succeeded', lastError: null });
    expect(up.json.expiresAt).toBe(new Date(fake.account.expDate! * 1000).toISOString());
  });

  test('a second sync changes nothing and keeps every public id', async () => {
    const before = await query(`SELECT stream_type, stream_id, public_id FROM synced_content ORDER BY 1, 2`);
    const version = await query(`SELECT value FROM app_settings WHERE key = 'catalog_version'`);
    const job = await syncAndWait();
    expect(job.status).toBe('succeeded');
    expect(job.counts).toMatchObject({ added: 0, updated: 0, removed: 0 });
    expect(await query(`SELECT stream_type, stream_id, public_id FROM synced_content ORDER BY 1, 2`)).toEqual(before);
    expect(await query(`SELECT value FROM app_settings WHERE key = 'catalog_version'`)).toEqual(version);
  });

  test('after the upstream drops 10 movies and renames 5, the next sync marks exactly those', async () => {
    const dropped = fake.dropItems('vod', 10).map(String).sort();
    const renamed = fake.renameItems('vod', 5).map(String).sort();
    const job = await syncAndWait();
    expect(job.counts).toMatchObject({ added: 0, updated: 5, removed: 10, vod: 50 });
    const movies = await items('vod');
    expect(movies.filter((m) => m.removed_at).map((m) => m.stream_id).sort()).toEqual(dropped);
    const names = new Map(fake.catalog.vod.map((m) => [String(m.id), m.name]));
    for (const id of renamed) expect(movies.find((m) => m.stream_id === id)?.name).toBe(names.get(id));
  });

  test('a connection reset in the middle of get_vod_streams keeps the movie catalog and records the error', async () => {
    const before = (await items('vod')).filter((m) => !m.removed_at);
    fake.quirks.resetMidList = 'get_vod_streams';
    const job = await syncAndWait();
    expect(job.status).toBe('partial');
    expect(job.error).toMatch(/movies/);
    const after = (await items('vod')).filter((m) => !m.removed_at);
    expect(after.map((m) => [m.stream_id, m.public_id])).toEqual(before.map((m) => [m.stream_id, m.public_id]));
    const up = await call(upstreamOne.GET, `/api/upstream/${upstreamId}`, { cookie: admin.cookie, params: { id: upstreamId } });
    expect(up.json.lastError).toMatch(/movies/);
    expect(up.json.lastSyncStatus).toBe('partial');
    expect(up.json.counts.vod).toBe(before.length);
  });

  test('an empty movie list keeps the catalog and records the error', async () => {
    const before = (await items('vod')).filter((m) => !m.removed_at);
    fake.quirks.emptyList = 'get_vod_streams';
    const job = await syncAndWait();
    expect(job.status).toBe('partial');
    expect(job.error).toMatch(/empty movies list/);
    expect((await items('vod')).filter((m) => !m.removed_at)).toHaveLength(before.length);
  });

  test('a dropped item that comes back keeps its old public id', async () => {
    const removed = (await items('vod')).filter((m) => m.removed_at);
    fake.reset();
    const job = await syncAndWait();
    expect(job.counts.vod).toBe(60);
    const now = await items('vod');
    for (const r of removed) expect(now.find((m) => m.stream_id === r.stream_id)).toMatchObject({ public_id: r.public_id, removed_at: null });
  });

  test('items listed before their category get it once the provider lists the category, though their rows did not change', async () => {
    // Rows the provider sends unchanged are not sent to the database again; an item filed under no
    // category (its category was not listed) must still be refiled when the category appears.
    const moved = fake.catalog.vod.slice(0, 3);
    for (const m of moved) m.categoryIds = [999];
    let job = await syncAndWait();
    expect(job.counts).toMatchObject({ added: 0, updated: 3, removed: 0 });
    const unfiled = (await items('vod')).filter((m) => moved.some((x) => String(x.id) === m.stream_id));
    expect(unfiled.map((m) => m.category_id)).toEqual([null, null, null]);

    fake.catalog.categories.vod.push({ id: 999, name: 'Movies late' });
    job = await syncAndWait();
    expect(job.counts).toMatchObject({ added: 0, updated: 3, removed: 0 });
    const [late] = await query<{ id: number }>(
      `SELECT id FROM categories WHERE upstream_server_id = $1 AND category_type = 'vod' AND upstream_category_id = '999'`,
      [upstreamId],
    );
    const filed = (await items('vod')).filter((m) => moved.some((x) => String(x.id) === m.stream_id));
    expect(filed.map((m) => m.category_id)).toEqual([late.id, late.id, late.id]);

    job = await syncAndWait();
    expect(job.counts).toMatchObject({ added: 0, updated: 0, removed: 0 });
    fake.reset();
    await syncAndWait();
  });

  test('two concurrent "sync now" requests for one upstream produce one job', async () => {
    const [{ t0 }] = await query<{ t0: Date }>('SELECT now() AS t0');
    // The provider streams its lists slowly, so the job is still running when the third request comes.
    fake.quirks.listPause = { rows: 20, ms: 400 };
    const [a, b] = await Promise.all([
      call(syncNow.POST, '/api/sync/now', { method: 'POST', cookie: admin.cookie, body: { upstreamId } }),
      call(syncNow.POST, '/api/sync/now', { method: 'POST', cookie: admin.cookie, body: { upstreamId } }),
    ]);
    // a third request while it runs gets the running job too
    const c = await call(syncNow.POST, '/api/sync/now', { method: 'POST', cookie: admin.cookie, body: { upstreamId } });
    await settleSyncs();
    expect(b.json.jobs[0].id).toBe(a.json.jobs[0].id);
    expect(c.json.jobs[0].id).toBe(a.json.jobs[0].id);
    const [{ n }] = await query<{ n: number }>('SELECT count(*)::int AS n FROM sync_jobs WHERE created_at >= $1', [t0]);
    expect(n).toBe(1);
  });

  test('the upstream password is never in the database rows, an API answer or a log line', async () => {
    expect(await tableText('upstream_servers')).not.toContain(PASSWORD);
    expect(await tableText('sync_jobs')).not.toContain(PASSWORD);
    const list = await call(upstreamApi.GET, '/api/upstream', { cookie: admin.cookie });
    expect(list.text).not.toContain(PASSWORD);
    expect(list.text).not.toMatch(/"password"/);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(PASSWORD);
  });

  test('a sync against a dead upstream fails cleanly and keeps everything', async () => {
    const count = (await items('live')).filter((m) => !m.removed_at).length;
    fake.quirks.htmlError = true;
    const job = await syncAndWait();
    fake.quirks.htmlError = false;
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/HTML/i);
    expect((await items('live')).filter((m) => !m.removed_at)).toHaveLength(count);
  });
});
