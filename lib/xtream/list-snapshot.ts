import zlib from 'node:zlib';
import { LRUCache } from 'lru-cache';
import { Gauge } from 'prom-client';
import type { CatalogKind } from '@/db/queries/catalog';
import { artworkRewrite } from '@/lib/artwork/player-artwork';
import { lineCatalog, type LineCatalogKind } from '@/lib/curation/line-catalog';
import { registerBound } from '@/lib/monitor/bounds';
import { metrics } from '@/lib/monitor/metrics';
import { processState } from '@/lib/state';
import { serializeRow } from './serializers';

/** A list answer as ready bytes: plain JSON and gzip, with its ETag. */
export interface ListBytes {
  json: Buffer;
  gzip: Buffer;
  etag: string;
}

const MAX_CACHED_BYTES = 256 * 1024 * 1024;

// Built once per (catalog version, bouquet set); concurrent requests share one build (the promise is
// kept while it runs). Finished answers stay in an LRU bounded by their bytes (JSON + gzip), shared by
// every account with the same bouquet set.
const state = processState('catalogSnapshots', () => ({
  building: new Map<string, Promise<ListBytes>>(),
  lists: new LRUCache<string, ListBytes>({ maxSize: MAX_CACHED_BYTES, sizeCalculation: (b) => b.json.length + b.gzip.length }),
}));

/** What the list cache holds now, in bytes. */
export const listCacheBytes = (): number => state.lists.calculatedSize;
registerBound('list_cache', { unit: 'bytes', limit: MAX_CACHED_BYTES, used: listCacheBytes });

/** What the list cache holds per bouquet set ('' is the whole catalog), in bytes. */
export function listCacheBytesBySet(): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, bytes] of state.lists.entries()) {
    const set = key.split('|')[1] ?? '';
    out.set(set, (out.get(set) ?? 0) + bytes.json.length + bytes.gzip.length);
  }
  return out;
}

processState('listCacheGauge', () =>
  new Gauge({
    name: 'neropanel_list_cache_bytes',
    help: 'Bytes of ready player list answers (JSON + gzip) held in memory; bounded by the cache size',
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

function toBytes(json: Buffer, tag: string): ListBytes {
  return { json, gzip: zlib.gzipSync(json, { level: 6 }), etag: `W/"${tag}"` };
}

function remember(key: string, build: () => ListBytes | Promise<ListBytes>): Promise<ListBytes> {
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
const setTag = (view: LineCatalogKind) => (view.setKey ? `b${hash(view.setKey)}` : 'all');
function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

/** get_live_categories / get_vod_categories / get_series_categories of an account's bouquet set. */
export async function categoryList(kind: CatalogKind, bouquetIds: readonly string[] = []): Promise<ListBytes> {
  const view = await lineCatalog(bouquetIds, kind);
  return remember(`${view.version}|${view.setKey}|${kind}|categories`, () =>
    toBytes(
      Buffer.from(JSON.stringify(view.categories.map((c) => ({ category_id: String(c.id), category_name: c.name, parent_id: c.parentId })))),
      `${view.version}-${setTag(view)}-${kind}-c`,
    ),
  );
}

/**
 * get_live_streams / get_vod_streams / get_series of an account's bouquet set, optionally of one
 * category; null when the account has bouquets and that category is not in them (the caller answers
 * 404). Without bouquets an unknown category is an empty list, as before. `artworkBase` (the panel's
 * base URL, when proxyArtworkInLists is on) points every image at `{base}/img/…`: it is part of the
 * key and the ETag, so turning the setting on or off builds (and tags) fresh lists.
 */
export async function streamList(kind: CatalogKind, categoryId?: number, bouquetIds: readonly string[] = [], artworkBase: string | null = null): Promise<ListBytes | null> {
  const view = await lineCatalog(bouquetIds, kind);
  if (categoryId !== undefined && view.setKey && !view.categoryIds.has(categoryId)) return null;
  const cat = categoryId ?? '';
  const art = artworkBase ? `|img:${artworkBase}` : '';
  return remember(`${view.version}|${view.setKey}|${kind}|${cat}${art}`, async () => {
    const serialize = serializeRow[kind];
    const img = artworkBase ? await artworkRewrite(artworkBase) : undefined;
    const items = categoryId === undefined ? view.items : view.items.filter((i) => i.item.category === categoryId);
    const json = Buffer.from(`[${items.map((i) => JSON.stringify(serialize(i.item, i.num, i.item.category, img))).join(',')}]`);
    return toBytes(json, `${view.version}-${setTag(view)}-${kind}-${cat}${artworkBase ? `-i${hash(artworkBase)}` : ''}`);
  });
}
