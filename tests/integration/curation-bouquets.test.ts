import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { query } from '@/db/client';
import * as categoryOne from '@/app/api/categories/[id]/route';
import * as categoriesApi from '@/app/api/categories/route';
import * as contentApi from '@/app/api/content/route';
import * as contentOne from '@/app/api/content/[publicId]/route';
import * as bouquetsApi from '@/app/api/bouquets/route';
import * as bouquetOne from '@/app/api/bouquets/[id]/route';
import * as linesApi from '@/app/api/lines/route';
import * as lineOne from '@/app/api/lines/[id]/route';
import * as renameRulesApi from '@/app/api/rename-rules/route';
import * as renamePreview from '@/app/api/rename-rules/preview/route';
import { requestSync, settleSyncs } from '@/lib/sync/request-sync';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { withFreshDatabase } from '../helpers/database';
import { call, makeUser, type TestUser } from '../helpers/admin-api';
import { startXtreamServer, type XtreamServer } from '../helpers/xtream-server';
import { addFakeUpstream, closeAll } from '../helpers/panel-setup';

// Issue 11, must-show 1-3: the admin's curation survives re-syncs and reaches every player output;
// bouquets decide what an account sees (counted against the database); rename rules preview and apply.

withFreshDatabase();

let fake: FakeUpstream;
let panel: XtreamServer;
let upstreamId: string;
let admin: TestUser;

const FULL = { username: 'sees.all', password: 'pw-all-1' };
const BOUQUET = { username: 'sees.some', password: 'pw-some-1' };

async function sync() {
  await requestSync(upstreamId);
  await settleSyncs();
}

async function player(who: { username: string; password: string }, params: Record<string, string> = {}) {
  const res = await fetch(`${panel.url}/player_api.php?${new URLSearchParams({ ...who, ...params })}`);
  const text = await res.text();
  return { status: res.status, json: JSON.parse(text) };
}

interface M3uEntry {
  attrs: Record<string, string>;
  title: string;
  url: string;
}
async function playlist(who: { username: string; password: string }): Promise<M3uEntry[]> {
  const res = await fetch(`${panel.url}/get.php?${new URLSearchParams({ ...who, type: 'm3u_plus' })}`);
  expect(res.status).toBe(200);
  const lines = (await res.text()).split('\r\n');
  const out: M3uEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^#EXTINF:-1(.*?),(.*)$/.exec(lines[i]);
    if (!m) continue;
    const attrs = Object.fromEntries([...m[1].matchAll(/ ([a-z-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]]));
    out.push({ attrs, title: m[2], url: lines[i + 1] });
  }
  return out;
}
const idOfUrl = (url: string) => Number(/\/(\d+)\.[a-z0-9]+$/.exec(url)![1]);

async function guide(who: { username: string; password: string }): Promise<Map<string, string>> {
  const res = await fetch(`${panel.url}/xmltv.php?${new URLSearchParams(who)}`);
  expect(res.status).toBe(200);
  const xml = await res.text();
  return new Map([...xml.matchAll(/<channel id="([^"]+)"><display-name>([^<]*)<\/display-name>/g)].map((m) => [m[1], m[2]]));
}

const ids = (rows: { public_id: number | string }[]) => rows.map((r) => Number(r.public_id)).sort((a, b) => a - b);
const sorted = (v: number[]) => [...v].sort((a, b) => a - b);
const api = (handler: Parameters<typeof call>[0], url: string, init: Parameters<typeof call>[2] = {}) => call(handler, url, { cookie: admin.cookie, ...init });

beforeAll(async () => {
  fake = await startFakeUpstream({ live: 24, vod: 24, series: 4, categoriesPerType: 4, episodesPerSeries: 3, password: 'up-secret-11' });
  // Providers write country prefixes into names: must-show 3 strips them.
  for (const c of fake.catalog.live.slice(0, 6)) c.name = `UK: ${c.name}`;
  const up = await addFakeUpstream(fake, { name: 'Fake', password: 'up-secret-11', timeoutSeconds: 10 });
  upstreamId = up.id;
  await sync();
  admin = await makeUser('curator', 'admin');
  for (const who of [FULL, BOUQUET]) {
    const res = await api(linesApi.POST, '/api/lines', { method: 'POST', body: { ...who, maxConnections: 0 } });
    expect(res.status).toBe(201);
    expect(res.json.bouquetIds).toEqual([]);
  }
  panel = await startXtreamServer();
}, 120_000);

afterAll(() => closeAll(panel, fake));

const synced = async (type: 'live' | 'vod' | 'series', where = 'true', params: unknown[] = []) =>
  query<{ public_id: number; name: string; category_id: number; epg_channel_id: string | null; stream_id: string }>(
    `SELECT public_id, name, category_id, epg_channel_id, stream_id FROM synced_content WHERE stream_type = '${type}' AND removed_at IS NULL AND ${where} ORDER BY public_id`,
    params,
  );
const categoriesOf = async (type: 'live' | 'vod' | 'series') =>
  query<{ id: number; name: string }>(`SELECT id, name FROM categories WHERE category_type = $1 AND upstream_server_id IS NOT NULL ORDER BY id`, [type]);

describe('must-show 1: curation survives re-syncs (the provider renaming the channel too)', () => {
  test('renamed channel, hidden category, moved movie and channel numbers show in player_api, get.php and xmltv.php after two re-syncs', async () => {
    const live = await synced('live', 'epg_channel_id IS NOT NULL');
    const liveCats = await categoriesOf('live');
    const vodCats = await categoriesOf('vod');
    // The channel the admin renames, one more to number, and a category to hide that holds neither.
    const renamed = live.find((c) => c.stream_id === String(fake.catalog.live[0].id))!;
    const numbered = live.find((c) => c.category_id === renamed.category_id && c.public_id !== renamed.public_id)!;
    const hiddenCat = liveCats.find((c) => c.id !== renamed.category_id)!;
    const hiddenChannels = await synced('live', 'category_id = $1', [hiddenCat.id]);
    expect(hiddenChannels.length).toBeGreaterThan(0);
    const [movie] = await synced('vod', 'category_id = $1', [vodCats[0].id]);
    const target = vodCats[1];

    expect((await api(contentOne.PATCH, `/api/content/${renamed.public_id}`, { method: 'PATCH', params: { publicId: String(renamed.public_id) }, body: { name: 'Admin News', channelNumber: 101 } })).status).toBe(200);
    expect((await api(contentOne.PATCH, `/api/content/${numbered.public_id}`, { method: 'PATCH', params: { publicId: String(numbered.public_id) }, body: { channelNumber: 7 } })).status).toBe(200);
    const hid = await api(categoryOne.PATCH, `/api/categories/${hiddenCat.id}`, { method: 'PATCH', params: { id: String(hiddenCat.id) }, body: { hidden: true } });
    expect(hid.status).toBe(200);
    expect(hid.json).toMatchObject({ id: hiddenCat.id, hidden: true, originalName: hiddenCat.name, itemCount: hiddenChannels.length });
    const moved = await api(contentOne.PATCH, `/api/content/${movie.public_id}`, { method: 'PATCH', params: { publicId: String(movie.public_id) }, body: { categoryId: target.id } });
    expect(moved.json).toMatchObject({ publicId: Number(movie.public_id), categoryId: target.id });
    // The content browser finds it in the category it was moved to, not in its old one.
    const inTarget = await api(contentApi.GET, `/api/content?categoryId=${target.id}&pageSize=500`);
    expect(inTarget.json.items.map((i: { publicId: number }) => i.publicId)).toContain(Number(movie.public_id));
    const inOld = await api(contentApi.GET, `/api/content?categoryId=${vodCats[0].id}&pageSize=500`);
    expect(inOld.json.items.map((i: { publicId: number }) => i.publicId)).not.toContain(Number(movie.public_id));

    const check = async (round: string) => {
      const streams = (await player(FULL, { action: 'get_live_streams' })).json as { stream_id: number; name: string; num: number; category_id: string }[];
      const byId = new Map(streams.map((s) => [s.stream_id, s]));
      expect(byId.get(Number(renamed.public_id)), round).toMatchObject({ name: 'Admin News', num: 101 });
      expect(byId.get(Number(numbered.public_id))?.num, round).toBe(7);
      for (const c of hiddenChannels) expect(byId.has(Number(c.public_id)), round).toBe(false);
      expect(streams.length, round).toBe((await synced('live')).length - hiddenChannels.length);
      // Numbers are unique: the admin's, then free ones in list order.
      expect(new Set(streams.map((s) => s.num)).size, round).toBe(streams.length);
      const cats = (await player(FULL, { action: 'get_live_categories' })).json as { category_id: string }[];
      expect(cats.map((c) => Number(c.category_id)), round).not.toContain(hiddenCat.id);
      const movies = (await player(FULL, { action: 'get_vod_streams', category_id: String(target.id) })).json as { stream_id: number }[];
      expect(movies.map((m) => m.stream_id), round).toContain(Number(movie.public_id));
      const info = (await player(FULL, { action: 'get_vod_info', vod_id: String(movie.public_id) })).json;
      expect(info.movie_data.category_id, round).toBe(String(target.id));

      const m3u = await playlist(FULL);
      const entry = m3u.find((e) => e.url.includes(`/live/`) && idOfUrl(e.url) === Number(renamed.public_id))!;
      expect(entry, round).toBeDefined();
      expect(entry.title, round).toBe('Admin News');
      expect(entry.attrs, round).toMatchObject({ 'tvg-name': 'Admin News', 'tvg-chno': '101' });
      const other = m3u.find((e) => e.url.includes('/live/') && idOfUrl(e.url) === Number(numbered.public_id))!;
      expect(other.attrs['tvg-chno'], round).toBe('7');
      // tvg-chno equals num for every channel
      for (const e of m3u.filter((x) => x.url.includes('/live/'))) expect(Number(e.attrs['tvg-chno']), round).toBe(byId.get(idOfUrl(e.url))!.num);
      for (const c of hiddenChannels) expect(m3u.some((e) => e.url.includes('/live/') && idOfUrl(e.url) === Number(c.public_id)), round).toBe(false);
      const movieEntry = m3u.find((e) => e.url.includes('/movie/') && idOfUrl(e.url) === Number(movie.public_id))!;
      expect(movieEntry.attrs['group-title'], round).toBe(target.name);

      const channels = await guide(FULL);
      expect(channels.get(renamed.epg_channel_id!), round).toBe('Admin News');
      for (const c of hiddenChannels) if (c.epg_channel_id) expect(channels.has(c.epg_channel_id), round).toBe(false);
    };

    await check('before any re-sync');
    await sync();
    await check('after a re-sync');
    fake.renameItems('live', 1);
    await sync();
    const [stored] = await synced('live', 'public_id = $1', [renamed.public_id]);
    expect(stored.name).toMatch(/\(renamed\)$/);
    await check('after a re-sync where the provider renamed the channel');
    // The content browser shows both: the admin's name and the provider's.
    const browsed = await api(contentApi.GET, `/api/content?type=live&q=renamed`);
    expect(browsed.json.items).toEqual([expect.objectContaining({ publicId: Number(renamed.public_id), name: 'Admin News', originalName: stored.name, channelNumber: 101, hidden: false })]);
    // null restores the provider's value
    await api(contentOne.PATCH, `/api/content/${renamed.public_id}`, { method: 'PATCH', params: { publicId: String(renamed.public_id) }, body: { name: null } });
    const streams = (await player(FULL, { action: 'get_live_streams' })).json as { stream_id: number; name: string }[];
    expect(streams.find((s) => s.stream_id === Number(renamed.public_id))!.name).toBe(stored.name);
    await api(categoryOne.PATCH, `/api/categories/${hiddenCat.id}`, { method: 'PATCH', params: { id: String(hiddenCat.id) }, body: { hidden: false } });
  }, 120_000);
});

describe('must-show 2: an account with a bouquet of 2 live categories and 1 movie category', () => {
  test('every list, the categories, get.php, xmltv.php and panel_api.php hold exactly those items; outside streams are 403 without an upstream request', async () => {
    const [l1, l2, l3] = await categoriesOf('live');
    const [v1] = await categoriesOf('vod');
    const made = await api(bouquetsApi.POST, '/api/bouquets', {
      method: 'POST',
      body: { name: 'Sports and one film shelf', categories: [{ type: 'live', categoryId: l2.id }, { type: 'live', categoryId: l1.id }, { type: 'movie', categoryId: v1.id }] },
    });
    expect(made.status).toBe(201);
    const line = (await api(linesApi.GET, '/api/lines')).json.items.find((l: { username: string }) => l.username === BOUQUET.username);
    const patched = await api(lineOne.PATCH, `/api/lines/${line.id}`, { method: 'PATCH', params: { id: line.id }, body: { bouquetIds: [made.json.id] } });
    expect(patched.json.bouquetIds).toEqual([made.json.id]);
    expect((await api(lineOne.GET, `/api/lines/${line.id}`, { params: { id: line.id } })).json.bouquetIds).toEqual([made.json.id]);

    // The truth, from the database (moved items count where the admin put them).
    const effective = `coalesce((SELECT io.category_id FROM item_overrides io WHERE io.public_id = s.public_id), s.category_id)`;
    const visible = `NOT EXISTS (SELECT 1 FROM item_overrides io WHERE io.public_id = s.public_id AND io.hidden)`;
    const liveIds = ids(await query<{ public_id: number }>(`SELECT public_id FROM synced_content s WHERE stream_type = 'live' AND removed_at IS NULL AND ${visible} AND ${effective} IN ($1, $2)`, [l1.id, l2.id]));
    const vodIds = ids(await query<{ public_id: number }>(`SELECT public_id FROM synced_content s WHERE stream_type = 'vod' AND removed_at IS NULL AND ${visible} AND ${effective} = $1`, [v1.id]));
    expect(made.json.itemCounts).toEqual({ live: liveIds.length, movie: vodIds.length, series: 0 });
    expect(liveIds.length).toBeGreaterThan(0);

    const live = (await player(BOUQUET, { action: 'get_live_streams' })).json as { stream_id: number; category_id: string; num: number }[];
    expect(sorted(live.map((s) => s.stream_id))).toEqual(liveIds);
    // In bouquet order: every channel of the first category before the second's.
    const firstOther = live.findIndex((s) => Number(s.category_id) === l1.id);
    expect(live.slice(firstOther).every((s) => Number(s.category_id) === l1.id)).toBe(true);
    expect(sorted((await player(BOUQUET, { action: 'get_vod_streams' })).json.map((s: { stream_id: number }) => s.stream_id))).toEqual(vodIds);
    expect((await player(BOUQUET, { action: 'get_series' })).json).toEqual([]);
    expect((await player(BOUQUET, { action: 'get_live_categories' })).json.map((c: { category_id: string }) => Number(c.category_id))).toEqual([l2.id, l1.id]);
    expect((await player(BOUQUET, { action: 'get_vod_categories' })).json.map((c: { category_id: string }) => Number(c.category_id))).toEqual([v1.id]);
    expect((await player(BOUQUET, { action: 'get_series_categories' })).json).toEqual([]);
    const outsideCategory = await player(BOUQUET, { action: 'get_live_streams', category_id: String(l3.id) });
    expect(outsideCategory).toEqual({ status: 404, json: [] });

    const m3u = await playlist(BOUQUET);
    expect(sorted(m3u.filter((e) => e.url.includes('/live/')).map((e) => idOfUrl(e.url)))).toEqual(liveIds);
    expect(sorted(m3u.filter((e) => e.url.includes('/movie/')).map((e) => idOfUrl(e.url)))).toEqual(vodIds);
    expect(m3u.filter((e) => e.url.includes('/series/'))).toEqual([]);

    const epgIds = [...new Set((await query<{ epg_channel_id: string }>(`SELECT epg_channel_id FROM synced_content WHERE public_id = ANY($1::bigint[]) AND epg_channel_id IS NOT NULL`, [liveIds])).map((r) => r.epg_channel_id))].sort();
    expect([...(await guide(BOUQUET)).keys()].sort()).toEqual(epgIds);

    const panelRes = await fetch(`${panel.url}/panel_api.php?${new URLSearchParams(BOUQUET)}`);
    const panelJson = await panelRes.json();
    expect(sorted(Object.keys(panelJson.available_channels).map(Number))).toEqual(liveIds);
    expect(panelJson.categories.live.map((c: { category_id: string }) => Number(c.category_id))).toEqual([l2.id, l1.id]);
    expect(panelJson.categories.movie.map((c: { category_id: string }) => Number(c.category_id))).toEqual([v1.id]);
    expect(panelJson.categories.series).toEqual([]);

    // Outside the bouquet: info is a 404, a stream a 403, and the provider hears nothing of it.
    const [outsideChannel] = await synced('live', 'category_id = $1', [l3.id]);
    const [outsideMovie] = await query<{ public_id: number }>(`SELECT public_id FROM synced_content s WHERE stream_type = 'vod' AND removed_at IS NULL AND ${effective} <> $1 LIMIT 1`, [v1.id]);
    const [series] = await synced('series');
    expect((await player(BOUQUET, { action: 'get_vod_info', vod_id: String(outsideMovie.public_id) })).status).toBe(404);
    expect((await player(BOUQUET, { action: 'get_series_info', series_id: String(series.public_id) })).status).toBe(404);
    const before = { requests: fake.requests.length, opened: fake.stats.liveOpened };
    const cred = `${BOUQUET.username}/${BOUQUET.password}`;
    for (const path of [`/live/${cred}/${outsideChannel.public_id}.ts`, `/live/${cred}/${outsideChannel.public_id}.m3u8`, `/movie/${cred}/${outsideMovie.public_id}.mp4`, `/${cred}/${outsideChannel.public_id}`]) {
      const res = await fetch(`${panel.url}${path}`);
      await res.arrayBuffer();
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
    }
    expect(fake.requests.length).toBe(before.requests);
    expect(fake.stats.liveOpened).toBe(before.opened);

    // A channel inside the bouquet plays.
    const inside = await fetch(`${panel.url}/live/${cred}/${liveIds[0]}.ts`);
    expect(inside.status).toBe(200);
    await inside.body?.cancel();

    // The account without bouquets still sees everything (nothing is hidden now).
    expect((await player(FULL, { action: 'get_live_streams' })).json.length).toBe((await synced('live')).length);
    expect((await player(FULL, { action: 'get_vod_streams' })).json.length).toBe((await synced('vod')).length);
    expect((await player(FULL, { action: 'get_series' })).json.length).toBe((await synced('series')).length);

    // In use: the bouquet cannot be deleted.
    expect((await api(bouquetOne.DELETE, `/api/bouquets/${made.json.id}`, { method: 'DELETE', params: { id: made.json.id } })).status).toBe(409);
  }, 120_000);
});

describe('must-show 3: a rename rule that strips a prefix', () => {
  test('previews the names it changes; after the next sync players see them changed while originalName keeps the provider\'s', async () => {
    const body = { pattern: '^UK: ', replacement: '', scope: 'item', type: 'live' };
    const refused = await api(renamePreview.POST, '/api/rename-rules/preview', { method: 'POST', body: { ...body, pattern: '(a+)+$' } });
    expect(refused.status).toBe(400);
    expect(refused.json.error.fields.pattern).toMatch(/repeat inside a repeat/);

    const preview = await api(renamePreview.POST, '/api/rename-rules/preview', { method: 'POST', body });
    expect(preview.status).toBe(200);
    const prefixed = await synced('live', `name LIKE 'UK: %'`);
    expect(prefixed.length).toBeGreaterThan(0);
    expect(preview.json).toHaveLength(Math.min(20, prefixed.length));
    for (const row of preview.json as { before: string; after: string }[]) expect(row.after).toBe(row.before.slice('UK: '.length));

    const rule = await api(renameRulesApi.POST, '/api/rename-rules', { method: 'POST', body });
    expect(rule.status).toBe(201);
    await sync();

    const streams = (await player(FULL, { action: 'get_live_streams' })).json as { stream_id: number; name: string }[];
    const byId = new Map(streams.map((s) => [s.stream_id, s.name]));
    for (const row of prefixed) expect(byId.get(Number(row.public_id))).toBe(row.name.slice('UK: '.length));
    expect(streams.some((s) => s.name.startsWith('UK: '))).toBe(false);
    const m3u = await playlist(FULL);
    expect(m3u.some((e) => e.title.startsWith('UK: '))).toBe(false);
    // The database and the content browser keep the provider's name as originalName.
    expect((await synced('live', `name LIKE 'UK: %'`)).length).toBe(prefixed.length);
    const browsed = await api(contentApi.GET, `/api/content?type=live&pageSize=100`);
    const item = browsed.json.items.find((i: { publicId: number }) => i.publicId === Number(prefixed[0].public_id));
    expect(item).toMatchObject({ name: prefixed[0].name.slice(4), originalName: prefixed[0].name });

    const listed = await api(renameRulesApi.GET, '/api/rename-rules');
    expect(listed.json).toMatchObject({ total: 1, items: [{ id: rule.json.id, pattern: '^UK: ', scope: 'item', type: 'live', enabled: true }] });
    const cats = await api(categoriesApi.GET, '/api/categories?type=live');
    const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM categories WHERE category_type = 'live' AND removed_at IS NULL`);
    expect(cats.json.total).toBe(n);
  }, 120_000);
});
