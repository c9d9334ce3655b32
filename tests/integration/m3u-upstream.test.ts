import { execFile } from 'node:child_process';
import http from 'node:http';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { query } from '@/db/client';
import * as upstreamApi from '@/app/api/upstream/route';
import * as upstreamOne from '@/app/api/upstream/[id]/route';
import * as linesApi from '@/app/api/lines/route';
import { requestSync, settleSyncs } from '@/lib/sync/request-sync';
import { settleGuideWork } from '@/lib/epg/sources';
import { endAllPlaybacks } from '@/lib/relay/playback';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { PLAYLIST_AGENT } from '../fake-upstream/m3u';
import { withFreshDatabase } from '../helpers/database';
import { closeAll } from '../helpers/panel-setup';
import { call, makeUser, type TestUser } from '../helpers/admin-api';
import { startXtreamServer, type XtreamServer } from '../helpers/xtream-server';

// Issue 12, must-show 1: an M3U upstream of 2,000 entries (groups, logos, tvg-id, one entry with its
// own user-agent, 50 movies) syncs, lists in player_api with the right types and categories, plays
// through the panel (ffprobe), sends that entry's user-agent to its source, and keeps every item and
// id when a later fetch fails.

withFreshDatabase();
const run = promisify(execFile);
const WHO = { username: 'm3u.watcher', password: 'pw-m3u-12' };
let fake: FakeUpstream;
let panel: XtreamServer;
let admin: TestUser;
let upstreamId: string;
const api = (handler: Parameters<typeof call>[0], url: string, init: Parameters<typeof call>[2] = {}) => call(handler, url, { cookie: admin.cookie, ...init });

async function sync() {
  const job = await requestSync(upstreamId);
  await settleSyncs();
  await settleGuideWork();
  const [row] = await query<{ status: string; error: string | null; counts: Record<string, number>; done: number }>(
    `SELECT status, error, counts, progress_done AS done FROM sync_jobs WHERE id = $1`,
    [job.id],
  );
  return row;
}
async function player(params: Record<string, string>) {
  const res = await fetch(`${panel.url}/player_api.php?${new URLSearchParams({ ...WHO, ...params })}`);
  expect(res.status).toBe(200);
  return res.json();
}
const snapshot = () =>
  query<{ stream_type: string; stream_id: string; public_id: string; name: string }>(
    `SELECT stream_type, stream_id, public_id::text AS public_id, name FROM synced_content WHERE upstream_server_id = $1 AND removed_at IS NULL ORDER BY public_id`,
    [upstreamId],
  );

beforeAll(async () => {
  fake = await startFakeUpstream({ live: 1, vod: 1, series: 1, playlistLive: 1950, playlistMovies: 50, liveMedia: 'fixture', liveBytesPerSecond: 400_000 });
  fake.playlist.gzip = true;
  admin = await makeUser('m3u.admin', 'admin');
  const res = await api(upstreamApi.POST, '/api/upstream', {
    method: 'POST',
    body: { kind: 'm3u', name: 'Playlist', playlistUrl: `${fake.url}/playlist.m3u?username=acct&password=s3cret-pl`, maxConnections: 5, syncIntervalMinutes: 0 },
  });
  expect(res.status).toBe(201);
  expect(res.json).toMatchObject({ kind: 'm3u', name: 'Playlist', maxConnections: 5 });
  expect(JSON.stringify(res.json)).not.toContain('s3cret-pl');
  upstreamId = res.json.id;
  expect((await api(linesApi.POST, '/api/lines', { method: 'POST', body: { ...WHO, maxConnections: 0 } })).status).toBe(201);
  panel = await startXtreamServer();
}, 60_000);

afterAll(async () => {
  endAllPlaybacks();
  await closeAll(panel, fake);
});

describe('M3U upstream', () => {
  test('the playlist (gzip) syncs: 1,950 channels and 50 movies in their groups, the URL sealed at rest', async () => {
    const job = await sync();
    expect(job).toMatchObject({ status: 'succeeded', error: null });
    expect(job.counts).toMatchObject({ live: 1950, vod: 50, categories: 12, added: 2000 });
    const [stored] = await query<{ playlist_url_encrypted: string }>(`SELECT playlist_url_encrypted FROM upstream_servers WHERE id = $1`, [upstreamId]);
    expect(stored.playlist_url_encrypted).not.toContain('s3cret');
    const rows = await query<{ metadata: string }>(`SELECT metadata::text FROM synced_content WHERE upstream_server_id = $1`, [upstreamId]);
    expect(rows.some((r) => r.metadata.includes('tok-'))).toBe(false);
  });

  test('player_api lists them with the right types, categories, logos and guide ids', async () => {
    const liveCats = (await player({ action: 'get_live_categories' })) as { category_id: string; category_name: string }[];
    const vodCats = (await player({ action: 'get_vod_categories' })) as { category_id: string; category_name: string }[];
    expect(liveCats.map((c) => c.category_name).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `Group ${i + 1}`).sort());
    expect(vodCats.map((c) => c.category_name).sort()).toEqual(['Films A', 'Films B']);
    const live = (await player({ action: 'get_live_streams' })) as { name: string; stream_icon: string; epg_channel_id: string | null; category_id: string; stream_type: string }[];
    const movies = (await player({ action: 'get_vod_streams' })) as { name: string; container_extension: string; category_id: string }[];
    expect(live.filter((l) => l.name.startsWith('M3U Channel'))).toHaveLength(1950);
    expect(movies.filter((m) => m.name.startsWith('M3U Movie'))).toHaveLength(50);
    const catName = new Map(liveCats.map((c) => [c.category_id, c.category_name]));
    for (const e of fake.playlist.entries.filter((x) => x.kind === 'live').slice(0, 40)) {
      const item = live.find((l) => l.name === e.name)!;
      expect(item).toMatchObject({ stream_icon: e.logo, stream_type: 'live' });
      expect(item.epg_channel_id || null).toBe(e.tvgId);
      expect(catName.get(item.category_id)).toBe(e.group);
    }
    const vodCat = new Map(vodCats.map((c) => [c.category_id, c.category_name]));
    const movie = movies.find((m) => m.name === 'M3U Movie 2')!;
    expect(movie.container_extension).toBe('mp4');
    expect(vodCat.get(movie.category_id)).toBe('Films A');
  });

  test('ffprobe reads a channel through the panel; the entry with its own user-agent reaches its source with it', async () => {
    const [plain] = await query<{ public_id: number }>(`SELECT public_id::int AS public_id FROM synced_content WHERE upstream_server_id = $1 AND name = 'M3U Channel 1'`, [upstreamId]);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name', '-of', 'csv=p=0', `${panel.url}/live/${WHO.username}/${WHO.password}/${plain.public_id}.ts`], { timeout: 30_000 });
    expect([...new Set(stdout.split('\n').map((l) => l.trim()).filter(Boolean))].sort()).toEqual(['aac,audio', 'h264,video']);
    const plainRequest = fake.requests.find((r) => r.path === '/m3u/live/1.ts');
    expect(plainRequest?.userAgent).toBeTruthy();
    expect(plainRequest?.userAgent).not.toBe(PLAYLIST_AGENT);

    const special = fake.playlist.entries.find((e) => e.userAgent)!;
    const [row] = await query<{ public_id: number }>(`SELECT public_id::int AS public_id FROM synced_content WHERE upstream_server_id = $1 AND name = $2`, [upstreamId, special.name]);
    await new Promise<void>((resolve, reject) => {
      const req = http.get(`${panel.url}/live/${WHO.username}/${WHO.password}/${row.public_id}.ts`, (res) => {
        expect(res.statusCode).toBe(200);
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', reject);
    });
    const seen = fake.requests.filter((r) => r.path === `/m3u/live/${special.n}.ts`);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => r.userAgent === PLAYLIST_AGENT)).toBe(true);
  }, 60_000);

  test('a second fetch that fails, or answers an empty playlist, keeps every item and id', async () => {
    const before = await snapshot();
    expect(before).toHaveLength(2000);
    fake.playlist.fail = true;
    const failed = await sync();
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/HTTP 500/);
    expect(failed.error).not.toContain('s3cret');
    expect(await snapshot()).toEqual(before);

    fake.playlist.fail = false;
    const entries = fake.playlist.entries;
    fake.playlist.entries = [];
    const empty = await sync();
    expect(empty.status).toBe('failed');
    expect(empty.error).toMatch(/empty/);
    expect(await snapshot()).toEqual(before);

    // back, with the token in every live URL rotated: ids stay (keyed by tvg-id + name, or the URL without its query)
    fake.playlist.entries = entries;
    fake.playlist.token = 'rotated';
    const again = await sync();
    expect(again.status).toBe('succeeded');
    expect(again.counts).toMatchObject({ added: 0, removed: 0 });
    expect(await snapshot()).toEqual(before);
    // the new token is what the relay now uses
    const [row] = await query<{ public_id: number }>(`SELECT public_id::int AS public_id FROM synced_content WHERE upstream_server_id = $1 AND name = 'M3U Channel 20'`, [upstreamId]);
    const res = await fetch(`${panel.url}/live/${WHO.username}/${WHO.password}/${row.public_id}.ts`);
    expect(res.status).toBe(200);
    await res.body?.cancel();
    expect(fake.requests.filter((r) => r.path === '/m3u/live/20.ts').map((r) => r.search)).toEqual(['?token=rotated-20']);
  }, 60_000);

  test('a re-sync of the unchanged playlist rewrites no row and counts every entry; a changed logo rewrites its entry only', async () => {
    const stamps = () =>
      query<{ stream_id: string; synced_at: string; stream_icon: string | null }>(
        `SELECT stream_id, synced_at::text, stream_icon FROM synced_content WHERE upstream_server_id = $1 AND removed_at IS NULL ORDER BY stream_id`,
        [upstreamId],
      );
    const before = await stamps();
    const same = await sync();
    expect(same).toMatchObject({ status: 'succeeded', error: null });
    expect(same.counts).toMatchObject({ live: 1950, vod: 50, added: 0, updated: 0, removed: 0 });
    expect(same.done).toBe(2000);
    expect(await stamps()).toEqual(before);

    fake.playlist.entries[5].logo = 'http://logos.example/changed.png';
    const one = await sync();
    expect(one.counts).toMatchObject({ live: 1950, vod: 50, added: 0, updated: 1, removed: 0 });
    const after = await stamps();
    const rewritten = after.filter((r, i) => r.synced_at !== before[i].synced_at);
    expect(rewritten.map((r) => r.stream_icon)).toEqual(['http://logos.example/changed.png']);
  }, 60_000);

  test('PATCH changes the guide URL; Xtream-only fields are refused for an M3U upstream', async () => {
    const ok = await api(upstreamOne.PATCH, `/api/upstream/${upstreamId}`, { method: 'PATCH', params: { id: upstreamId }, body: { epgUrl: `${fake.url}/guides/none.xml` } });
    expect(ok.status).toBe(200);
    expect(ok.json.epgUrl).toBe(`${fake.url}/guides/none.xml`);
    const bad = await api(upstreamOne.PATCH, `/api/upstream/${upstreamId}`, { method: 'PATCH', params: { id: upstreamId }, body: { username: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toHaveProperty('username');
    const missing = await api(upstreamApi.POST, '/api/upstream', { method: 'POST', body: { kind: 'm3u', name: 'x' } });
    expect(missing.status).toBe(400);
    expect(missing.json.error.fields).toHaveProperty('playlistUrl');
  });
});
