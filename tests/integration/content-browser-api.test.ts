import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { query } from '@/db/client';
import * as contentApi from '@/app/api/content/route';
import { createLine } from '@/lib/lines/service';
import { requestSync, settleSyncs } from '@/lib/sync/request-sync';
import { createUpstream } from '@/lib/upstream/server-service';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { call, makeUser, type TestUser } from '../helpers/admin-api';
import { withFreshDatabase } from '../helpers/database';
import { startXtreamServer, type XtreamServer } from '../helpers/xtream-server';
import type { ContentItemView } from '@/lib/content-browser/schemas';

withFreshDatabase();

const SIZES_A = { live: 12, vod: 10, series: 3, categoriesPerType: 2 };
const SIZES_B = { live: 5, vod: 4, series: 2, categoriesPerType: 2 };
const LINE = { username: 'browser.one', password: 'pw-browse-1' };
let fakeA: FakeUpstream;
let fakeB: FakeUpstream;
let upA: string;
let upB: string;
let panel: XtreamServer;
let admin: TestUser;
let viewer: TestUser;
const local = { movie: 0, series: 0, hidden: 0 };

type Item = ContentItemView;

async function browse(params: Record<string, string | number> = {}, cookie = admin.cookie) {
  const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  return call(contentApi.GET, `/api/content?${qs}`, { cookie });
}

/** Every item matching the filters, page by page. */
async function browseAll(params: Record<string, string | number> = {}): Promise<Item[]> {
  const items: Item[] = [];
  for (let page = 1; ; page++) {
    const res = await browse({ ...params, page, pageSize: 500 });
    expect(res.status).toBe(200);
    items.push(...(res.json.items as Item[]));
    if (items.length >= res.json.total) return items;
  }
}

async function playerList(action: string): Promise<{ stream_id?: number; series_id?: number; name: string }[]> {
  const qs = new URLSearchParams({ ...LINE, action });
  const res = await fetch(`${panel.url}/player_api.php?${qs}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { stream_id?: number; series_id?: number; name: string }[];
}

const byNameThenId = (a: Item, b: Item) => {
  const x = a.name.toLowerCase();
  const y = b.name.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a.publicId - b.publicId;
};

beforeAll(async () => {
  [fakeA, fakeB] = await Promise.all([
    startFakeUpstream({ ...SIZES_A, username: 'alice', password: 'alpha-Secret-41' }),
    startFakeUpstream({ ...SIZES_B, username: 'bob', password: 'bravo-Secret-52' }),
  ]);
  const base = { isActive: true, timeoutSeconds: 10, priority: 0, syncIntervalMinutes: 0 };
  upA = (await createUpstream({ ...base, name: 'Alpha', serverUrl: fakeA.url, username: 'alice', password: 'alpha-Secret-41' })).id;
  upB = (await createUpstream({ ...base, name: 'Bravo', serverUrl: fakeB.url, username: 'bob', password: 'bravo-Secret-52' })).id;
  await requestSync(upA);
  await requestSync(upB);
  await settleSyncs();

  const [m] = await query<{ public_id: number }>(
    `INSERT INTO local_content (title, stream_url, content_type, release_year, rating, poster_url)
     VALUES ('home VIDEO', 'https://cdn.example/home.mkv', 'movie', 2021, 7.4, 'https://cdn.example/home.jpg') RETURNING public_id`,
  );
  const [s] = await query<{ public_id: number }>(`INSERT INTO local_content (title, stream_url, content_type) VALUES ('Local Show', '', 'series') RETURNING public_id`);
  const [h] = await query<{ public_id: number }>(
    `INSERT INTO local_content (title, stream_url, content_type, is_active) VALUES ('Hidden Local Film', 'https://cdn.example/h.mp4', 'movie', false) RETURNING public_id`,
  );
  Object.assign(local, { movie: m.public_id, series: s.public_id, hidden: h.public_id });
  await query(`UPDATE app_settings SET value = to_jsonb((value #>> '{}')::int + 1) WHERE key = 'catalog_version'`);

  await createLine(
    { ...LINE, maxConnections: 1, expiresAt: null, isTrial: false, status: 'active', allowedOutputFormats: ['ts', 'm3u8'], onLimit: 'kick_oldest' },
    'http://panel.test',
  );
  panel = await startXtreamServer();
  admin = await makeUser('browse-admin', 'admin');
  viewer = await makeUser('browse-viewer', 'viewer');
}, 60_000);

afterAll(async () => {
  await panel?.close();
  await Promise.all([fakeA?.close(), fakeB?.close()]);
});

describe('access', () => {
  test('answers 401 without a session', async () => {
    const res = await call(contentApi.GET, '/api/content');
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe('unauthorized');
  });

  test('a viewer may read the catalog', async () => {
    const res = await browse({}, viewer.cookie);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ page: 1, pageSize: 50, total: expect.any(Number) });
  });
});

describe('the merged catalog', () => {
  test('lists every synced and local item once, in the shape of API.md', async () => {
    const items = await browseAll();
    const synced = SIZES_A.live + SIZES_A.vod + SIZES_A.series + SIZES_B.live + SIZES_B.vod + SIZES_B.series;
    expect(items).toHaveLength(synced + 3);
    expect(new Set(items.map((i) => i.publicId)).size).toBe(items.length);
    const movie = items.find((i) => i.publicId === local.movie);
    expect(movie).toMatchObject({
      name: 'home VIDEO', type: 'movie', source: 'local', upstreamId: null, upstreamName: null, category: null,
      icon: 'https://cdn.example/home.jpg', year: 2021, rating: 7.4, stale: false, served: true,
    });
    expect(items.find((i) => i.publicId === local.hidden)).toMatchObject({ source: 'local', served: false });
    const channel = fakeA.catalog.live[0];
    expect(items.find((i) => i.name === channel.name && i.upstreamId === upA)).toMatchObject({
      type: 'live', source: 'upstream', upstreamName: 'Alpha', category: 'Live 1', categoryId: expect.any(Number),
      icon: channel.icon, stale: false, served: true,
    });
    const film = fakeA.catalog.vod[1];
    expect(items.find((i) => i.name === film.name && i.upstreamId === upA)).toMatchObject({ type: 'movie', year: film.year, rating: Number(film.rating) });
  });

  test('orders by name, case-insensitively, then by public id; pages add up to the whole list', async () => {
    const all = await browseAll();
    expect(all).toEqual([...all].sort(byNameThenId));
    const paged: Item[] = [];
    for (let page = 1; page <= Math.ceil(all.length / 7); page++) {
      const res = await browse({ page, pageSize: 7 });
      expect(res.json).toMatchObject({ page, pageSize: 7, total: all.length });
      paged.push(...(res.json.items as Item[]));
    }
    expect(paged).toEqual(all);
    const past = await browse({ page: 1000, pageSize: 7 });
    expect(past.json).toMatchObject({ items: [], total: all.length });
  });

  test('type filter: live is upstream only; movies and series include local items', async () => {
    const live = await browseAll({ type: 'live' });
    expect(live).toHaveLength(SIZES_A.live + SIZES_B.live);
    expect(live.every((i) => i.type === 'live' && i.source === 'upstream')).toBe(true);
    const movies = await browseAll({ type: 'movie' });
    expect(movies).toHaveLength(SIZES_A.vod + SIZES_B.vod + 2);
    expect(movies.every((i) => i.type === 'movie')).toBe(true);
    const series = await browseAll({ type: 'series' });
    expect(series.map((i) => i.publicId)).toContain(local.series);
    expect(series).toHaveLength(SIZES_A.series + SIZES_B.series + 1);
  });

  test('source and upstream filters', async () => {
    const locals = await browseAll({ source: 'local' });
    expect(locals.map((i) => i.publicId).sort((a, b) => a - b)).toEqual([local.movie, local.series, local.hidden].sort((a, b) => a - b));
    const upstream = await browseAll({ source: 'upstream' });
    expect(upstream.every((i) => i.source === 'upstream')).toBe(true);
    const bravo = await browseAll({ upstreamId: upB });
    expect(bravo).toHaveLength(SIZES_B.live + SIZES_B.vod + SIZES_B.series);
    expect(bravo.every((i) => i.upstreamId === upB && i.upstreamName === 'Bravo')).toBe(true);
    const bravoMovies = await browseAll({ upstreamId: upB, type: 'movie' });
    expect(bravoMovies.map((i) => i.name).sort()).toEqual(fakeB.catalog.vod.map((v) => v.name).sort());
    expect((await browse({ upstreamId: upB, source: 'local' })).json.total).toBe(0);
  });

  test('category filter: only the items of that category', async () => {
    const live = await browseAll({ type: 'live', upstreamId: upA });
    const categoryId = live[0].categoryId!;
    const inCategory = await browseAll({ categoryId });
    expect(inCategory.length).toBeGreaterThan(0);
    expect(inCategory).toEqual(live.filter((i) => i.categoryId === categoryId));
    const expected = fakeA.catalog.live.filter((c) => c.categoryIds[0] === fakeA.catalog.categories.live.find((k) => k.name === live[0].category)!.id);
    expect(inCategory.map((i) => i.name).sort()).toEqual(expected.map((c) => c.name).sort());
    expect((await browse({ categoryId: 999_999 })).json).toMatchObject({ items: [], total: 0 });
  });

  test('"Uncategorized" also lists the items players see under it: those without a category', async () => {
    const [{ id }] = await query<{ id: number }>(
      `INSERT INTO categories (category_type, name) VALUES ('vod', 'Uncategorized')
       ON CONFLICT (category_type, name) WHERE upstream_server_id IS NULL DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    );
    const uncategorized = await browseAll({ categoryId: id });
    expect(uncategorized.map((i) => i.publicId).sort((a, b) => a - b)).toEqual([local.movie, local.hidden].sort((a, b) => a - b));
  });

  test('q searches names case-insensitively, as a substring, with the other filters', async () => {
    const all = await browseAll();
    const found = await browseAll({ q: 'cHaNnEl 1' });
    // Every word typed appears in the name, in any order.
    const expected = all.filter((i) => i.name.toLowerCase().includes('channel') && i.name.includes('1'));
    expect(found.map((i) => i.publicId)).toEqual(expected.map((i) => i.publicId));
    expect(found.length).toBeGreaterThan(2);
    expect((await browseAll({ q: 'Home video' })).map((i) => i.publicId)).toEqual([local.movie]);
    expect((await browseAll({ q: 'video HOME' })).map((i) => i.publicId)).toEqual([local.movie]);
    expect(await browseAll({ q: 'channel 1', upstreamId: upB })).toEqual(found.filter((i) => i.upstreamId === upB));
    // LIKE wildcards and bare punctuation find nothing
    expect((await browse({ q: '%' })).json.total).toBe(0);
    expect((await browse({ q: '_' })).json.total).toBe(0);
  });

  test('search ignores case, accents and punctuation, takes words in any order and partial words', async () => {
    const titles = ["L'Équipe", 'L’ÉQUIPE 21 |HD|', 'BBC One HD', 'UK: bbc-one', 'Equinox', 'Первый канал'];
    const ids: number[] = [];
    for (const t of titles) {
      const [row] = await query<{ public_id: number }>(`INSERT INTO local_content (title, stream_url, content_type) VALUES ($1, 'https://cdn.example/x.mp4', 'movie') RETURNING public_id`, [t]);
      ids.push(row.public_id);
    }
    const names = async (q: string) => (await browseAll({ q })).map((i) => i.name).sort();
    expect(await names('equipe')).toEqual(["L'Équipe", 'L’ÉQUIPE 21 |HD|']);
    expect(await names('equip')).toEqual(["L'Équipe", 'L’ÉQUIPE 21 |HD|']);
    expect(await names("l'équipe 21")).toEqual(['L’ÉQUIPE 21 |HD|']);
    expect(await names('bbc one')).toEqual(['BBC One HD', 'UK: bbc-one']);
    expect(await names('ONE bbc')).toEqual(['BBC One HD', 'UK: bbc-one']);
    expect(await names('bbc one hd')).toEqual(['BBC One HD']);
    expect(await names('первый')).toEqual(['Первый канал']);
    expect(await names('equi')).toEqual(["L'Équipe", 'Equinox', 'L’ÉQUIPE 21 |HD|'].sort());
    await query('DELETE FROM local_content WHERE public_id = ANY($1::bigint[])', [ids]);
  });
});

describe('the public ids are the ones players get', () => {
  test('live channels: the same ids and names as get_live_streams', async () => {
    const players = await playerList('get_live_streams');
    const browsed = await browseAll({ type: 'live' });
    const key = (id: number, name: string) => `${id}:${name}`;
    expect(browsed.filter((i) => i.served).map((i) => key(i.publicId, i.name)).sort()).toEqual(players.map((p) => key(p.stream_id!, p.name)).sort());
  });

  test('movies, local ones included: the same ids and names as get_vod_streams', async () => {
    const players = await playerList('get_vod_streams');
    const browsed = await browseAll({ type: 'movie' });
    const key = (id: number, name: string) => `${id}:${name}`;
    expect(browsed.filter((i) => i.served).map((i) => key(i.publicId, i.name)).sort()).toEqual(players.map((p) => key(p.stream_id!, p.name)).sort());
    expect(players.map((p) => p.stream_id)).toContain(local.movie);
  });

  test('an item gone from its upstream stays listed as stale, with its id, and players no longer see it', async () => {
    const before = await browseAll({ type: 'series', upstreamId: upB });
    const goneName = fakeB.catalog.series.at(-1)!.name;
    fakeB.dropItems('series', 1);
    await requestSync(upB);
    await settleSyncs();
    const gone = before.find((i) => i.name === goneName);
    expect(gone).toBeDefined();
    const after = await browseAll({ type: 'series', upstreamId: upB });
    expect(after.find((i) => i.publicId === gone!.publicId)).toMatchObject({ stale: true, served: false, name: gone!.name });
    expect(after.filter((i) => !i.stale)).toHaveLength(SIZES_B.series - 1);
    const players = await playerList('get_series');
    expect(players.map((p) => p.series_id)).not.toContain(gone!.publicId);
  });
});

describe('validation', () => {
  test.each([
    [{ type: 'radio' }, 'type'],
    [{ source: 'cloud' }, 'source'],
    [{ upstreamId: 'not-a-uuid' }, 'upstreamId'],
    [{ categoryId: 'news' }, 'categoryId'],
    [{ pageSize: 501 }, 'pageSize'],
    [{ page: 0 }, 'page'],
    [{ q: 'x'.repeat(101) }, 'q'],
  ])('%o answers 400 naming %s', async (params, field) => {
    const res = await browse(params);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
    expect(res.json.error.fields[field]).toEqual(expect.any(String));
  });

  test('empty filter values count as absent', async () => {
    const res = await browse({ q: '', type: '', source: '', upstreamId: '', categoryId: '' });
    expect(res.status).toBe(200);
    expect(res.json.total).toBe((await browse()).json.total);
  });
});
