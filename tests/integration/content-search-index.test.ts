import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { query } from '@/db/client';
import { bumpCatalogVersion } from '@/lib/catalog-version/version';
import { updateItem } from '@/lib/content-browser/curate-item';
import { buildSearchIndex, searchIndexOptions, searchIndexStats } from '@/lib/content-browser/search-index';
import { listContent } from '@/lib/content-browser/service';
import type { ContentFilter } from '@/lib/content-browser/schemas';
import { requestSync, settleSyncs } from '@/lib/sync/request-sync';
import { createUpstream } from '@/lib/upstream/server-service';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { withFreshDatabase } from '../helpers/database';

// The content browser's in-memory search index (lib/content-browser/search-index.ts) must answer
// exactly what the SQL search answers, page by page, for every filter it takes over; and a catalog
// change must never leave a search on an old index.

withFreshDatabase();

const SIZES = { live: 40, vod: 60, series: 20, categoriesPerType: 3 };
const LOCAL = ["L'Équipe", 'L’ÉQUIPE 21 |HD|', 'BBC One HD', 'UK: bbc-one', 'Equinox', 'Первый канал', 'Shdw Tales', 'Red Planet 7'];
const defaults = { ...searchIndexOptions };
let fakes: FakeUpstream[] = [];
const upstreams: string[] = [];

async function bothWays(filter: ContentFilter, page: number, pageSize: number) {
  searchIndexOptions.minItems = Number.POSITIVE_INFINITY;
  const bySql = await listContent({ ...filter, page, pageSize });
  searchIndexOptions.minItems = 0;
  const byIndex = await listContent({ ...filter, page, pageSize });
  return { bySql, byIndex };
}

beforeAll(async () => {
  fakes = await Promise.all([
    startFakeUpstream({ ...SIZES, username: 'ix-a', password: 'index-Secret-1' }),
    startFakeUpstream({ ...SIZES, live: 10, username: 'ix-b', password: 'index-Secret-2' }),
  ]);
  const base = { isActive: true, timeoutSeconds: 10, priority: 0, syncIntervalMinutes: 0 };
  for (const [i, fake] of fakes.entries()) {
    upstreams.push((await createUpstream({ ...base, name: `Index ${i}`, serverUrl: fake.url, username: fake.username, password: fake.password })).id);
    await requestSync(upstreams[i]);
  }
  await settleSyncs();
  for (const [i, title] of LOCAL.entries()) {
    await query(`INSERT INTO local_content (title, stream_url, content_type) VALUES ($1, 'https://cdn.example/x.mp4', $2)`, [title, i % 3 === 2 ? 'series' : 'movie']);
  }
  await bumpCatalogVersion();
  searchIndexOptions.rebuildDelayMs = 60_000;
  await buildSearchIndex();
}, 60_000);

afterAll(async () => {
  Object.assign(searchIndexOptions, defaults);
  await Promise.all(fakes.map((f) => f.close()));
});

describe('the search index answers what SQL answers', () => {
  const queries = ['equipe', "l'équipe 21", 'ONE bbc', 'uk: BBC-one', 'hd', 'h', 'RED city', 'channel 1', 'chann', 'the', '7', '19', 'первый', 'zzzz', 'hd bbc'];
  const filters: ContentFilter[] = [{}, { type: 'live' }, { type: 'movie' }, { type: 'series' }, { source: 'local' }, { source: 'upstream' }, { upstreamId: '' }];

  test('every query under every filter, first page and a later one', async () => {
    filters[filters.length - 1] = { upstreamId: upstreams[1] };
    expect(searchIndexStats()?.items).toBe(SIZES.live + SIZES.vod + SIZES.series + 10 + SIZES.vod + SIZES.series + LOCAL.length);
    let nonEmpty = 0;
    for (const q of queries) {
      for (const filter of filters) {
        for (const [page, pageSize] of Object.keys(filter).length ? [[1, 50]] : [[1, 50], [2, 7], [3, 7]]) {
          const { bySql, byIndex } = await bothWays({ ...filter, q }, page, pageSize);
          expect({ q, filter, page, total: byIndex.total, ids: byIndex.items.map((i) => i.publicId) }).toEqual({
            q,
            filter,
            page,
            total: bySql.total,
            ids: bySql.items.map((i) => i.publicId),
          });
          expect(byIndex.items).toEqual(bySql.items);
          if (bySql.total > 0) nonEmpty++;
        }
      }
    }
    // The comparison is worth something only if most of it found things.
    expect(nonEmpty).toBeGreaterThan(60);
  }, 60_000);

  test('accents, case and punctuation fold; a short word matches a word start only', async () => {
    searchIndexOptions.minItems = 0;
    const names = async (q: string) => (await listContent({ q, source: 'local', pageSize: 100 })).items.map((i) => i.name).sort();
    expect(await names('equipe')).toEqual(["L'Équipe", 'L’ÉQUIPE 21 |HD|']);
    expect(await names('equi')).toEqual(["L'Équipe", 'Equinox', 'L’ÉQUIPE 21 |HD|'].sort());
    expect(await names('bbc one')).toEqual(['BBC One HD', 'UK: bbc-one']);
    expect(await names('hd')).toEqual(['BBC One HD', 'L’ÉQUIPE 21 |HD|']);
    expect(await names('hdw')).toEqual(['Shdw Tales']);
    expect(await names('первый')).toEqual(['Первый канал']);
    expect(await names('?!')).toEqual([]);
  });
});

describe('a catalog change', () => {
  test('a renamed item is found by its new name at once (SQL) and by the rebuilt index, and still by its own', async () => {
    searchIndexOptions.minItems = 0;
    const [target] = (await listContent({ q: 'equinox', pageSize: 5 })).items;
    expect(target).toBeDefined();
    await updateItem(target.publicId, { name: 'Solstice Special' });
    // The index is older than the catalog now: the search does not use it.
    expect(searchIndexStats()!.version).toBeLessThan((await query<{ v: number }>(`SELECT (value #>> '{}')::int AS v FROM app_settings WHERE key = 'catalog_version'`))[0].v);
    expect((await listContent({ q: 'solstice' })).items.map((i) => i.publicId)).toEqual([target.publicId]);
    expect((await listContent({ q: 'equinox' })).items.map((i) => i.publicId)).toEqual([target.publicId]);
    await buildSearchIndex();
    const { bySql, byIndex } = await bothWays({ q: 'solstice' }, 1, 50);
    expect(byIndex.items.map((i) => i.publicId)).toEqual([target.publicId]);
    expect(byIndex).toEqual(bySql);
    expect((await bothWays({ q: 'equinox' }, 1, 50)).byIndex.items.map((i) => i.publicId)).toEqual([target.publicId]);
    expect((await bothWays({ q: 'solstice equinox' }, 1, 50)).byIndex.total).toBe(0);
  });

  test('an item removed from the catalog is gone from the search once the version moves', async () => {
    searchIndexOptions.minItems = 0;
    const [victim] = (await listContent({ q: 'red planet', pageSize: 5 })).items;
    await query('DELETE FROM local_content WHERE public_id = $1', [victim.publicId]);
    await bumpCatalogVersion();
    expect((await listContent({ q: 'red planet' })).total).toBe(0);
    await buildSearchIndex();
    expect((await bothWays({ q: 'red planet' }, 1, 50)).byIndex.total).toBe(0);
  });
});
