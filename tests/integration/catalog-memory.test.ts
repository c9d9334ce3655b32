import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { catalogItems, forEachCatalogPage, type CatalogItemRow } from '@/db/queries/catalog';
import { currentCatalogVersion } from '@/lib/catalog-version/version';
import { curatedItem, curatedKind, curatedKindHeld, forgetCuratedCatalog } from '@/lib/curation/curated-catalog';
import { forgetLineCatalogs, lineCatalog, lineMembers } from '@/lib/curation/line-catalog';
import { vodRow } from '@/lib/xtream/serializers';
import { listCacheBytes } from '@/lib/xtream/list-snapshot';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { withFreshDatabase } from '../helpers/database';
import { addSyncedUpstream, closeAll, createActiveLine } from '../helpers/panel-setup';
import { startXtreamServer, type XtreamServer } from '../helpers/xtream-server';

// Issue 16: a big catalog is read in cursor pages, the whole curated kind is not kept once the lists
// are bytes, and the list cache keeps gzip (the plain JSON only once a player asks without gzip).

withFreshDatabase();

let fake: FakeUpstream;
let panel: XtreamServer;
const PLAYER = { username: 'memory.player', password: 'pw-memory-1' };

beforeAll(async () => {
  // More movies than one cursor page of the curated build (2,000 rows).
  fake = await startFakeUpstream({ live: 30, vod: 2300, series: 12, categoriesPerType: 5, episodesPerSeries: 1, password: 'up-secret-16' });
  await addSyncedUpstream(fake, { name: 'Fake', password: 'up-secret-16', timeoutSeconds: 30 });
  await createActiveLine(PLAYER.username, PLAYER.password, { maxConnections: 0 });
  panel = await startXtreamServer();
}, 180_000);

afterAll(() => closeAll(panel, fake));

const player = (params: Record<string, string>, encoding: string) =>
  fetch(`${panel.url}/player_api.php?${new URLSearchParams({ ...PLAYER, ...params })}`, { headers: { 'accept-encoding': encoding } });

describe('the catalog read in cursor pages', () => {
  test('gives every row of a kind in the same order as one read, whatever the page size', async () => {
    for (const kind of ['live', 'vod'] as const) {
      const whole = await catalogItems(kind);
      for (const pageSize of [7, 1000, 5000]) {
        const paged: CatalogItemRow[] = [];
        const sizes: number[] = [];
        await forEachCatalogPage(kind, pageSize, (rows) => {
          sizes.push(rows.length);
          paged.push(...rows);
        });
        expect(paged.map((r) => Number(r.public_id))).toEqual(whole.map((r) => Number(r.public_id)));
        expect(Math.max(...sizes)).toBeLessThanOrEqual(pageSize);
      }
    }
  });
});

describe('one item without the whole kind', () => {
  test('curatedItem reads one row and curates it as the whole kind does', async () => {
    const version = await currentCatalogVersion();
    const whole = await curatedKind('vod', version);
    const sample = [whole.items[0], whole.items[1234], whole.items[whole.items.length - 1]];
    forgetCuratedCatalog();
    expect(curatedKindHeld('vod')).toBe(false);
    for (const item of sample) expect(await curatedItem('vod', item.public_id, version)).toEqual(item);
    expect(curatedKindHeld('vod')).toBe(false);
    expect(await curatedItem('vod', 999_999_999, version)).toBeUndefined();
  });

  test('lineMembers answers membership from sorted ids: every listed movie, nothing else', async () => {
    forgetLineCatalogs();
    const members = await lineMembers([], 'vod');
    const listed = ((await (await player({ action: 'get_vod_streams' }, 'gzip')).json()) as { stream_id: number }[]).map((m) => m.stream_id);
    expect(members.size).toBe(listed.length);
    for (const id of listed) expect(members.has(id)).toBe(true);
    const live = ((await (await player({ action: 'get_live_streams' }, 'gzip')).json()) as { stream_id: number }[]).map((m) => m.stream_id);
    for (const id of live) expect(members.has(id)).toBe(false);
  });
});

describe('the whole catalog streamed into a list', () => {
  test('equals the list made from the curated view, whole and per category', async () => {
    const view = await lineCatalog([], 'vod');
    const expected = view.items.map((i) => JSON.parse(JSON.stringify(vodRow(i.item, i.num, i.item.category))) as { category_id: string });
    expect(expected.length).toBeGreaterThan(2000);
    expect(await (await player({ action: 'get_vod_streams' }, 'gzip')).json()).toEqual(expected);
    const category = String(view.items[2100].item.category);
    const inCategory = expected.filter((r) => r.category_id === category);
    expect(inCategory.length).toBeGreaterThan(0);
    expect(await (await player({ action: 'get_vod_streams', category_id: category }, 'gzip')).json()).toEqual(inCategory);
  });

  test('its categories and members equal those of the view, made without one', async () => {
    const view = await lineCatalog([], 'series');
    const expected = view.categories.map((c) => ({ category_id: String(c.id), category_name: c.name, parent_id: c.parentId }));
    forgetCuratedCatalog();
    forgetLineCatalogs();
    expect(await (await player({ action: 'get_series_categories' }, 'gzip')).json()).toEqual(expected);
    expect([...(await lineMembers([], 'series')).sorted]).toEqual(view.items.map((i) => i.item.public_id).sort((a, b) => a - b));
    expect(curatedKindHeld('series')).toBe(false);
  });
});

describe('the list cache', () => {
  test('keeps gzip; a player without gzip gets the same JSON, kept (and counted) from then on', async () => {
    const zipped = await player({ action: 'get_series' }, 'gzip');
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    const fromGzip: unknown = await zipped.json(); // fetch inflates it
    const before = listCacheBytes();
    const plain = await player({ action: 'get_series' }, 'identity');
    expect(plain.headers.get('content-encoding')).toBeNull();
    const text = await plain.text();
    expect(Number(plain.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(plain.headers.get('etag')).toBe(zipped.headers.get('etag'));
    const series = JSON.parse(text) as { series_id: number }[];
    expect(series).toHaveLength(12);
    expect(listCacheBytes()).toBe(before + Buffer.byteLength(text));
    expect(fromGzip).toEqual(series);
  });

  test('a cached list is answered without building the curated views again', async () => {
    const first = await player({ action: 'get_vod_streams' }, 'gzip');
    const body = await first.text();
    forgetCuratedCatalog();
    forgetLineCatalogs();
    const again = await player({ action: 'get_vod_streams' }, 'gzip');
    expect(await again.text()).toBe(body);
    expect(curatedKindHeld('vod')).toBe(false);
    // A movie's info reads its one row, not the whole kind (once the account's members are known:
    // they are built once per catalog version and kept).
    const id = (JSON.parse(body) as { stream_id: number }[])[5].stream_id;
    expect((await player({ action: 'get_vod_info', vod_id: String(id) }, 'gzip')).status).toBe(200);
    forgetCuratedCatalog();
    const info = await player({ action: 'get_vod_info', vod_id: String(id) }, 'gzip');
    expect(info.status).toBe(200);
    const movie = JSON.parse(body).find((m: { stream_id: number }) => m.stream_id === id) as { name: string };
    expect(((await info.json()) as { movie_data: { name: string } }).movie_data.name).toBe(movie.name);
    expect(curatedKindHeld('vod')).toBe(false);
  });

  test('an empty list is an empty JSON array', async () => {
    const res = await player({ action: 'get_vod_streams', category_id: '987654' }, 'identity');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
  });
});
