import zlib from 'node:zlib';
import { LRUCache } from 'lru-cache';
import { Gauge } from 'prom-client';
import type { CatalogKind } from '@/db/queries/catalog';
import { artworkRewrite } from '@/lib/artwork/player-artwork';
import { currentCatalogVersion } from '@/lib/catalog-version/version';
import { bouquetSetKey, forEachWholeCatalogPage, lineCatalog, lineCategories, lineMembers, type LineItem } from '@/lib/curation/line-catalog';
import { registerBound } from '@/lib/monitor/bounds';
import { metrics } from '@/lib/monitor/metrics';
import { processState } from '@/lib/state';
import { serializeRow } from './serializers';

/**
 * A list answer as ready bytes: gzip (what players ask for), with its ETag. The plain JSON is made
 * from it on the first ask without gzip (`listJson`) and kept beside it, counted in the same bound.
 */
export interface ListBytes {
  gzip: Buffer;
  etag: string;
  json?: Buffer;
  /** Its cache key. */
  key: string;
}

const MAX_CACHED_BYTES = 256 * 1024 * 1024;

// Built once per (catalog version, bouquet set); concurrent requests share one build (the promise is
// kept while it runs). Finished answers stay in an LRU bounded by their bytes (JSON + gzip), shared by
// every account with the same bouquet set.
const state = processState('catalogSnapshots', () => ({
  building: new Map<string, Promise<ListBytes>>(),
  lists: new LRUCache<string, ListBytes>({ maxSize: MAX_CACHED_BYTES, sizeCalculation: (b) => (b.json?.length ?? 0) + b.gzip.length }),
}));

/** What the list cache holds now, in bytes. */
export const listCacheBytes = (): number => state.lists.calculatedSize;
registerBound('list_cache', { unit: 'bytes', limit: MAX_CACHED_BYTES, used: listCacheBytes });

/** What the list cache holds per bouquet set ('' is the whole catalog), in bytes. */
export function listCacheBytesBySet(): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, bytes] of state.lists.entries()) {
    const set = key.split('|')[1] ?? '';
    out.set(set, (out.get(set) ?? 0) + (bytes.json?.length ?? 0) + bytes.gzip.length);
  }
  return out;
}

processState('listCacheGauge', () =>
  new Gauge({
    name: 'neropanel_list_cache_bytes',
    help: 'Bytes of ready player list answers (gzip, and JSON once asked without gzip) held in memory; bounded by the cache size',
    registers: [metrics],
    collect() {
      this.set(listCacheBytes());
    },
  }),
);

// Per bouquet set (label: the set's bouquet ids in order, "all" for the whole catalog); as many series
// as sets in use, which stay few.
processState('listCacheSetGauge', () =>
  new Gauge({
    name: 'neropanel_list_cache_set_bytes',
    help: 'Bytes of ready player list answers (JSON + gzip) held in memory per bouquet set',
    labelNames: ['bouquets'],
    registers: [metrics],
    collect() {
      this.reset();
      for (const [set, bytes] of listCacheBytesBySet()) this.set({ bouquets: set || 'all' }, bytes);
    },
  }),
);

/** The plain JSON of a list (inflated once, then kept while the list is cached). */
export function listJson(list: ListBytes): Buffer {
  if (!list.json) {
    list.json = zlib.gunzipSync(list.gzip);
    // Set again so the cache counts the JSON's bytes too (it may evict others, or this one).
    if (state.lists.peek(list.key) === list) state.lists.set(list.key, list);
  }
  return list.json;
}

/** gzip of JSON text written in parts by `produce`: the whole text is never one string or one buffer. */
async function gzipParts(produce: (write: (part: string) => Promise<void>) => Promise<void>): Promise<Buffer> {
  const gzip = zlib.createGzip({ level: 6 });
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise<void>((resolve, reject) => gzip.once('end', resolve).once('error', reject));
  await produce(async (part) => {
    if (!gzip.write(part)) await new Promise<void>((resolve) => gzip.once('drain', resolve));
  });
  gzip.end();
  await done;
  return Buffer.concat(out);
}

async function toBytes(key: string, parts: Iterable<string> | ((write: (part: string) => Promise<void>) => Promise<void>), tag: string): Promise<ListBytes> {
  const produce = typeof parts === 'function' ? parts : async (write: (part: string) => Promise<void>) => {
    for (const part of parts) await write(part);
  };
  return { key, gzip: await gzipParts(produce), etag: `W/"${tag}"` };
}

function remember(key: string, build: () => Promise<ListBytes>): Promise<ListBytes> {
  const hit = state.lists.get(key);
  if (hit) return Promise.resolve(hit);
  let pending = state.building.get(key);
  if (pending) return pending;
  pending = Promise.resolve()
    .then(build)
    .then(
      (bytes) => {
        state.building.delete(key);
        state.lists.set(key, bytes);
        return bytes;
      },
      (err: unknown) => {
        state.building.delete(key);
        throw err;
      },
    );
  state.building.set(key, pending);
  return pending;
}

// The set in an ETag: short and stable (bouquet ids are UUIDs; many make a long header).
const setTag = (setKey: string) => (setKey ? `b${hash(setKey)}` : 'all');
function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

const ITEMS_PER_PART = 1000;

/** `[a,b,…]` in parts of ITEMS_PER_PART items. */
function* jsonArrayParts<T>(items: readonly T[], toJson: (item: T) => string): Generator<string> {
  if (items.length === 0) yield '[';
  for (let i = 0; i < items.length; i += ITEMS_PER_PART) {
    let part = i === 0 ? '[' : ',';
    const end = Math.min(items.length, i + ITEMS_PER_PART);
    for (let j = i; j < end; j++) part += (j === i ? '' : ',') + toJson(items[j]);
    yield part;
  }
  yield ']';
}

/** get_live_categories / get_vod_categories / get_series_categories of an account's bouquet set. */
export async function categoryList(kind: CatalogKind, bouquetIds: readonly string[] = []): Promise<ListBytes> {
  const version = await currentCatalogVersion();
  const setKey = bouquetSetKey(bouquetIds);
  const key = `${version}|${setKey}|${kind}|categories`;
  return remember(key, async () => {
    const categories = await lineCategories(bouquetIds, kind);
    return toBytes(key, jsonArrayParts(categories, (c) => JSON.stringify({ category_id: String(c.id), category_name: c.name, parent_id: c.parentId })), `${version}-${setTag(setKey)}-${kind}-c`);
  });
}

/**
 * get_live_streams / get_vod_streams / get_series of an account's bouquet set, optionally of one
 * category; null when the account has bouquets and that category is not in them (the caller answers
 * 404). Without bouquets an unknown category is an empty list, as before. `artworkBase` (the panel's
 * base URL, when proxyArtworkInLists is on) points every image at `{base}/img/…`: it is part of the
 * key and the ETag, so turning the setting on or off builds (and tags) fresh lists. A cached answer
 * needs no curated view (those are dropped once unused).
 */
export async function streamList(kind: CatalogKind, categoryId?: number, bouquetIds: readonly string[] = [], artworkBase: string | null = null): Promise<ListBytes | null> {
  const version = await currentCatalogVersion();
  const setKey = bouquetSetKey(bouquetIds);
  if (categoryId !== undefined && setKey && !(await lineMembers(bouquetIds, kind)).categoryIds.has(categoryId)) return null;
  const cat = categoryId ?? '';
  const art = artworkBase ? `|img:${artworkBase}` : '';
  const key = `${version}|${setKey}|${kind}|${cat}${art}`;
  return remember(key, async () => {
    const serialize = serializeRow[kind];
    const img = artworkBase ? await artworkRewrite(artworkBase) : undefined;
    const toJson = (i: LineItem) => JSON.stringify(serialize(i.item, i.num, i.item.category, img));
    const tag = `${version}-${setTag(setKey)}-${kind}-${cat}${artworkBase ? `-i${hash(artworkBase)}` : ''}`;
    if (!setKey && kind !== 'live' && categoryId === undefined) {
      // The whole catalog's movies or series go straight from the database's pages into gzip: no
      // view of 100k items is built for them. A category's list comes from the curated view below:
      // a player browsing categories (Smarters opens one at a time) reads the kind once, and the view
      // lingers 30 s for the next one instead of a pass over the whole kind per category.
      return toBytes(key, async (write) => {
        let first = true;
        await write('[');
        await forEachWholeCatalogPage(kind, version, async (page) => {
          let part = '';
          for (const i of page) {
            part += (first ? '' : ',') + toJson(i);
            first = false;
          }
          if (part) await write(part);
        });
        await write(']');
      }, tag);
    }
    const view = await lineCatalog(bouquetIds, kind);
    const items = categoryId === undefined ? view.items : view.items.filter((i) => i.item.category === categoryId);
    return toBytes(key, jsonArrayParts(items, toJson), tag);
  });
}
