import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Xtream } from '@iptv/xtream-api';
import { parseM3U } from '@iptv/playlist';
import { parseXmltv } from '@iptv/xmltv';
import { query } from '@/db/client';
import { requestSync, settleSyncs } from '@/lib/sync/request-sync';
import { updateLine } from '@/lib/lines/service';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { withFreshDatabase } from '../helpers/database';
import { startXtreamServer, type XtreamServer } from '../helpers/xtream-server';
import * as t from '../helpers/xtream-types';
import { addFakeUpstream, closeAll, createActiveLine } from '../helpers/panel-setup';

withFreshDatabase();

let fake: FakeUpstream;
let panel: XtreamServer;
let upstreamId: string;
const USER = 'viewer.one';
const PASS = 'pw-view-1';
let lineId: string;
const local: { movie: number; series: number; episodes: number[] } = { movie: 0, series: 0, episodes: [] };

async function sync() {
  const job = await requestSync(upstreamId);
  await settleSyncs();
  return job;
}

async function api(params: Record<string, string>, init: RequestInit = {}) {
  const res = await fetch(`${panel.url}/player_api.php?${new URLSearchParams(params)}`, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: JSON.parse(text) };
}
const as = (params: Record<string, string> = {}) => api({ username: USER, password: PASS, ...params });

beforeAll(async () => {
  fake = await startFakeUpstream({ live: 20, vod: 30, series: 6, categoriesPerType: 3, password: 'up-secret-9' });
  // quirks real providers have: numbers as strings, items without category, backdrop as a string
  Object.assign(fake.quirks, { numbersAsStrings: true, nullCategories: true, backdropPath: 'string', emptyObjectsAsArrays: true });
  // the same upstream id for a channel and a movie, as real providers do
  fake.catalog.vod[0].id = fake.catalog.live[0].id;
  const up = await addFakeUpstream(fake, { name: 'Fake', password: 'up-secret-9', timeoutSeconds: 10 });
  upstreamId = up.id;
  await sync();
  // local content straight into the table (its admin API comes with the local content module)
  const [m] = await query<{ public_id: number }>(
    `INSERT INTO local_content (title, description, stream_url, content_type, genre, release_year, rating, container_extension)
     VALUES ('Home Movie "Special"', 'A film', 'https://cdn.example/movie.mkv', 'movie', '{Drama}', 2021, 7.4, 'mkv') RETURNING public_id`,
  );
  const [s] = await query<{ id: string; public_id: number }>(
    `INSERT INTO local_content (title, stream_url, content_type) VALUES ('Local Show', '', 'series') RETURNING id, public_id`,
  );
  const eps = await query<{ public_id: number }>(
    `INSERT INTO local_episodes (local_content_id, season, episode, title, stream_url) VALUES
       ($1, 1, 1, 'Pilot', 'https://cdn.example/s1e1.mp4'), ($1, 1, 2, 'Second', 'https://cdn.example/s1e2.mp4'),
       ($1, 0, 1, 'Special', 'https://cdn.example/s0e1.mp4') RETURNING public_id`,
    [s.id],
  );
  Object.assign(local, { movie: m.public_id, series: s.public_id, episodes: eps.map((e) => e.public_id) });
  await query(`UPDATE app_settings SET value = to_jsonb((value #>> '{}')::int + 1) WHERE key = 'catalog_version'`);
  lineId = (await createActiveLine(USER, PASS, { maxConnections: 2 })).id;
  panel = await startXtreamServer();
}, 60_000);

afterAll(() => closeAll(panel, fake));

describe('player_api.php with an Xtream client library', () => {
  test('logs in and lists categories, channels, movies and series: synced plus local', async () => {
    const client = new Xtream({ url: panel.url, username: USER, password: PASS });
    const profile = await client.getProfile();
    expect(profile).toMatchObject({ username: USER, status: 'Active' });
    const [liveCats, channels, movies, shows] = await Promise.all([client.getChannelCategories(), client.getChannels(), client.getMovies(), client.getShows()]);
    expect(liveCats.length).toBeGreaterThan(0);
    expect(channels).toHaveLength(20);
    expect(movies).toHaveLength(30 + 1);
    expect(shows).toHaveLength(6 + 1);
  });
});

describe('types of every field (XTREAM.md §3), from quirky upstream data', () => {
  test('login payload', async () => {
    const res = await as();
    expect(res.status).toBe(200);
    t.expectLoginPayload(res.json);
    expect(res.json.user_info).toMatchObject({ exp_date: null, max_connections: '2', allowed_output_formats: ['ts', 'm3u8'] });
    expect(res.json.server_info).toMatchObject({ url: '127.0.0.1', port: new URL(panel.url).port });
  });

  for (const [kind, cats, list, check] of [
    ['live', 'get_live_categories', 'get_live_streams', t.expectLiveRow],
    ['vod', 'get_vod_categories', 'get_vod_streams', t.expectVodRow],
    ['series', 'get_series_categories', 'get_series', t.expectSeriesRow],
  ] as const) {
    test(`${kind}: categories and rows; every category used exists; uncategorized items land in a real category`, async () => {
      const categories = (await as({ action: cats })).json as Record<string, unknown>[];
      categories.forEach(t.expectCategory);
      const ids = new Set(categories.map((c) => c.category_id));
      const rows = (await as({ action: list })).json as Record<string, unknown>[];
      rows.forEach(check);
      for (const r of rows) expect(ids.has(r.category_id), `category ${String(r.category_id)} listed`).toBe(true);
      const uncategorized = categories.find((c) => c.category_name === 'Uncategorized');
      expect(uncategorized).toBeDefined();
      expect(rows.some((r) => r.category_id === uncategorized!.category_id)).toBe(true);
      expect(rows.map((r) => r.num)).toEqual(rows.map((_, i) => i + 1));
    });
  }

  test('category_id filtering', async () => {
    const categories = (await as({ action: 'get_vod_categories' })).json as { category_id: string }[];
    let total = 0;
    for (const c of categories) {
      const rows = (await as({ action: 'get_vod_streams', category_id: c.category_id })).json as { category_id: string }[];
      expect(rows.every((r) => r.category_id === c.category_id)).toBe(true);
      total += rows.length;
    }
    expect(total).toBe(31);
    expect((await as({ action: 'get_vod_streams', category_id: '999999' })).json).toEqual([]);
  });

  test('get_vod_info for a synced and a local movie; unknown id gives {"info":[]}', async () => {
    const movies = (await as({ action: 'get_vod_streams' })).json as { stream_id: number; name: string }[];
    const synced = movies.find((m) => m.stream_id !== local.movie)!;
    const info = (await as({ action: 'get_vod_info', vod_id: String(synced.stream_id) })).json;
    expect(info.info).toBeTypeOf('object');
    expect(Array.isArray(info.info)).toBe(false);
    expect(info.movie_data).toMatchObject({ stream_id: synced.stream_id, custom_sid: '', direct_source: '' });
    expect(info.movie_data.category_id).toMatch(/^\d+$/);
    expect(info.movie_data.container_extension).toBeTruthy();
    const mine = (await as({ action: 'get_vod_info', vod_id: String(local.movie) })).json;
    expect(mine.movie_data).toMatchObject({ stream_id: local.movie, container_extension: 'mkv', name: 'Home Movie "Special"', year: '2021' });
    expect((await as({ action: 'get_vod_info', vod_id: '987654321' })).json).toEqual({ info: [] });
  });

  test('get_series_info: upstream episodes fetched on demand with their own ids; local series from local episodes', async () => {
    const shows = (await as({ action: 'get_series' })).json as { series_id: number }[];
    const upstreamShow = shows.find((s) => s.series_id !== local.series)!;
    const res = await as({ action: 'get_series_info', series_id: String(upstreamShow.series_id) });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.json.seasons)).toBe(true);
    expect(res.json.episodes).toBeTypeOf('object');
    const episodes = Object.values(res.json.episodes as Record<string, Record<string, unknown>[]>).flat();
    expect(episodes.length).toBeGreaterThan(0);
    episodes.forEach(t.expectEpisode);
    const allStreamIds = new Set([...(await as({ action: 'get_live_streams' })).json.map((r: { stream_id: number }) => r.stream_id), ...shows.map((s) => s.series_id)]);
    for (const e of episodes) expect(allStreamIds.has(Number(e.id))).toBe(false);
    for (const [season, list] of Object.entries(res.json.episodes as Record<string, { season: number }[]>)) {
      expect(list.every((e) => String(e.season) === season)).toBe(true);
    }
    const again = await as({ action: 'get_series_info', series_id: String(upstreamShow.series_id) });
    expect(again.json.episodes).toEqual(res.json.episodes);

    const mine = await as({ action: 'get_series_info', series_id: String(local.series) });
    expect(Object.keys(mine.json.episodes).sort()).toEqual(['0', '1']);
    expect(mine.json.seasons.map((s: { season_number: number }) => s.season_number)).toEqual([0, 1]);
    const ids = Object.values(mine.json.episodes as Record<string, { id: string }[]>).flat().map((e) => Number(e.id)).sort();
    expect(ids).toEqual([...local.episodes].sort());

    const unknown = await as({ action: 'get_series_info', series_id: '987654321' });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ info: { name: null }, seasons: [], episodes: {} });
  });

  test('EPG actions for an id without a guide answer an empty guide, never an error', async () => {
    expect((await as({ action: 'get_short_epg', stream_id: '987654321' })).json).toEqual({ epg_listings: [] });
    expect((await as({ action: 'get_simple_data_table', stream_id: '987654321' })).json).toEqual({ epg_listings: [] });
  });

  test('numeric aliases, the old typo and unknown actions', async () => {
    expect((await as({ action: '203' })).json).toEqual((await as({ action: 'get_vod_streams' })).json);
    expect((await as({ action: '201' })).json).toEqual((await as({ action: 'get_live_categories' })).json);
    expect((await as({ action: 'get_simple_date_table', stream_id: '1' })).json).toEqual((await as({ action: 'get_simple_data_table', stream_id: '1' })).json);
    t.expectLoginPayload((await as({ action: 'no_such_action' })).json);
  });

  test('POST with a form body, and /api/player_api.php, answer the same', async () => {
    const body = new URLSearchParams({ username: USER, password: PASS, action: 'get_live_categories' });
    const res = await fetch(`${panel.url}/player_api.php`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(await res.json()).toEqual((await as({ action: 'get_live_categories' })).json);
    const alt = await fetch(`${panel.url}/api/player_api.php?${new URLSearchParams({ username: USER, password: PASS })}`);
    t.expectLoginPayload((await alt.json()) as Record<string, unknown>);
  });

  test('lists carry an ETag (304 on revalidation) and come gzipped when accepted', async () => {
    const first = await fetch(`${panel.url}/player_api.php?${new URLSearchParams({ username: USER, password: PASS, action: 'get_vod_streams' })}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(first.headers.get('content-encoding')).toBe('gzip');
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    expect(JSON.parse(await first.text())).toHaveLength(31); // fetch decodes gzip once: not gzip inside gzip
    const again = await fetch(`${panel.url}/player_api.php?${new URLSearchParams({ username: USER, password: PASS, action: 'get_vod_streams' })}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });
});

describe('ids', () => {
  test('live and vod ids never collide even when the upstream uses one id for both', async () => {
    const live = (await as({ action: 'get_live_streams' })).json as { stream_id: number }[];
    const vod = (await as({ action: 'get_vod_streams' })).json as { stream_id: number }[];
    const series = (await as({ action: 'get_series' })).json as { series_id: number }[];
    const all = [...live.map((l) => l.stream_id), ...vod.map((v) => v.stream_id), ...series.map((s) => s.series_id)];
    expect(new Set(all).size).toBe(all.length);
    const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM synced_content WHERE stream_id = $1`, [String(fake.catalog.live[0].id)]);
    expect(n).toBe(2);
  });

  test('public ids are stable across a re-sync and a restart of the caches', async () => {
    const before = (await as({ action: 'get_vod_streams' })).json.map((r: { stream_id: number; name: string }) => [r.name, r.stream_id]);
    await sync();
    const { forgetCatalogVersion } = await import('@/lib/catalog-version/version');
    forgetCatalogVersion();
    const after = (await as({ action: 'get_vod_streams' })).json.map((r: { stream_id: number; name: string }) => [r.name, r.stream_id]);
    expect(after).toEqual(before);
  });
});

describe('accounts', () => {
  test('wrong password: login 200 {"user_info":{"auth":0}}, actions 401', async () => {
    const login = await api({ username: USER, password: 'nope' });
    expect(login.status).toBe(200);
    expect(login.json).toEqual({ user_info: { auth: 0 } });
    const action = await api({ username: USER, password: 'nope', action: 'get_live_streams' });
    expect(action.status).toBe(401);
    expect(action.json).toEqual({ user_info: { auth: 0 } });
  });

  test('an expired account logs in with status Expired and gets 403 for lists', async () => {
    await createActiveLine('old.timer', 'pw-old-1', { maxConnections: 1, expiresAt: '2020-01-01T00:00:00Z', isTrial: true, allowedOutputFormats: ['ts'], onLimit: 'refuse' }, 'http://x');
    const login = await api({ username: 'old.timer', password: 'pw-old-1' });
    t.expectLoginPayload(login.json, 'Expired');
    expect(login.json.user_info).toMatchObject({ exp_date: '1577836800', is_trial: '1' });
    expect((await api({ username: 'old.timer', password: 'pw-old-1', action: 'get_live_streams' })).status).toBe(403);
    expect((await fetch(`${panel.url}/get.php?username=old.timer&password=pw-old-1`)).status).toBe(401);
    expect((await fetch(`${panel.url}/xmltv.php?username=old.timer&password=pw-old-1`)).status).toBe(401);
  });

  test('a password change and a disable take effect on the next request', async () => {
    expect((await as()).json.user_info.auth).toBe(1);
    await updateLine(lineId, { password: 'pw-view-2' }, 'http://x');
    expect((await as()).json).toEqual({ user_info: { auth: 0 } });
    expect((await api({ username: USER, password: 'pw-view-2' })).json.user_info.auth).toBe(1);
    await updateLine(lineId, { status: 'disabled' }, 'http://x');
    const disabled = await api({ username: USER, password: 'pw-view-2' });
    expect(disabled.json.user_info.status).toBe('Disabled');
    expect((await api({ username: USER, password: 'pw-view-2', action: 'get_vod_streams' })).status).toBe(403);
    await updateLine(lineId, { status: 'active', password: PASS }, 'http://x');
    expect((await as()).json.user_info.status).toBe('Active');
  });

  test('ten wrong passwords for one username from one IP give 429 for that pair; another account logs in', async () => {
    await createActiveLine('target', 'pw-target-1', { maxConnections: 1, allowedOutputFormats: ['ts'] }, 'http://x');
    for (let i = 0; i < 10; i++) expect((await api({ username: 'target', password: `bad-${i}` })).status).toBe(200);
    expect((await api({ username: 'target', password: 'pw-target-1' })).status).toBe(429);
    const other = await as();
    expect(other.status).toBe(200);
    expect(other.json.user_info.auth).toBe(1);
  });
});

describe('get.php and xmltv.php', () => {
  test('get.php parses as M3U: one entry per live channel and movie, no upstream host or credential', async () => {
    const res = await fetch(`${panel.url}/get.php?username=${USER}&password=${PASS}&type=m3u_plus&output=hls`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/audio\/x-mpegurl/);
    expect(res.headers.get('content-disposition')).toContain(`playlist_${USER}.m3u`);
    const text = await res.text();
    expect(text.split('\n').slice(0, -1).every((l) => l.endsWith('\r'))).toBe(true);
    expect(text).not.toContain(new URL(fake.url).host);
    expect(text).not.toContain('up-secret-9');
    const playlist = parseM3U(text);
    const live = playlist.channels.filter((c) => c.url?.includes('/live/'));
    const movies = playlist.channels.filter((c) => c.url?.includes('/movie/'));
    const episodes = playlist.channels.filter((c) => c.url?.includes('/series/'));
    expect(live).toHaveLength(20);
    expect(movies).toHaveLength(31);
    expect(episodes.length).toBeGreaterThanOrEqual(3);
    expect(live.every((c) => c.url!.startsWith(`${panel.url}/live/${USER}/${PASS}/`) && c.url!.endsWith('.m3u8'))).toBe(true);
    expect(movies.find((c) => c.url!.endsWith(`/${local.movie}.mkv`))?.name).toBe(`Home Movie "Special"`);
    expect(text).toContain(`tvg-name="Home Movie 'Special'"`);
    expect(text).toContain(`x-tvg-url="${panel.url}/xmltv.php?username=${USER}&password=${PASS}"`);
  });

  test('type=m3u has no attributes; output defaults to ts', async () => {
    const text = await (await fetch(`${panel.url}/get.php?username=${USER}&password=${PASS}&type=m3u`)).text();
    expect(text).not.toContain('tvg-');
    expect(text).toMatch(/\/live\/viewer\.one\/pw-view-1\/\d+\.ts\r\n/);
    expect((await fetch(`${panel.url}/get.php?username=${USER}&password=wrong`)).status).toBe(401);
  });

  test('xmltv.php parses as XMLTV with channel ids equal to epg_channel_id and tvg-id', async () => {
    const res = await fetch(`${panel.url}/xmltv.php?username=${USER}&password=${PASS}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const xml = await res.text();
    const guide = parseXmltv(xml);
    const ids = new Set((guide.channels ?? []).map((c) => c.id));
    const live = (await as({ action: 'get_live_streams' })).json as { epg_channel_id: string | null }[];
    const epgIds = new Set(live.map((l) => l.epg_channel_id).filter(Boolean));
    expect(ids).toEqual(epgIds);
    const m3u = await (await fetch(`${panel.url}/get.php?username=${USER}&password=${PASS}`)).text();
    const tvgIds = new Set(parseM3U(m3u).channels.filter((c) => c.url?.includes('/live/')).map((c) => c.tvgId).filter(Boolean));
    expect(tvgIds).toEqual(epgIds);
    const raw = await fetch(`${panel.url}/xmltv.php?username=${USER}&password=${PASS}`, { headers: { 'accept-encoding': 'gzip' } }).then(async (r) => r.headers.get('content-encoding'));
    expect(raw).toBe('gzip');
    expect(zlib.gzipSync('x').length).toBeGreaterThan(0);
  });
});
