import zlib from 'node:zlib';
import { LRUCache } from 'lru-cache';
import { Gauge } from 'prom-client';
import { bulkWork } from '@/db/client';
import { catalogItems, type CatalogKind } from '@/db/queries/catalog';
import { metrics } from '@/lib/monitor/metrics';
import { processState } from '@/lib/state';
import { serializeRow } from './serializers';
import { mergedCategories } from '@/lib/catalog/categories';
import { currentCatalogVersion } from '@/lib/catalog-version/version';

/** A list answer as ready bytes: plain JSON and gzip, with its ETag. */
export interface ListBytes {
  json: Buffer;
  gzip: Buffer;
  etag: string;
}

interface KindSnapshot {
  version: number;
  /** Each item's JSON text with its category, in list order. */
  items: { category: number; json: string }[];
  categories: Buffer;
  categoryIds: Set<number>;
}

const MAX_CACHED_BYTES = 256 * 1024 * 1024;

// Built once per catalog version; concurrent requests share one build (the promise is kept while it
// runs). Finished answers stay in an LRU bounded by their bytes (JSON + gzip).
const state = processState('catalogSnapshots', () => ({
  snapshots: new Map<string, Promise<KindSnapshot>>(),
  building: new Map<string, Promise<ListBytes>>(),
  lists: new LRUCache<string, ListBytes>({ maxSize: MAX_CACHED_BYTES, sizeCalculation: (b) => b.json.length + b.gzip.length }),
}));

/** What the list cache holds now, in bytes. */
export const listCacheBytes = (): number => state.lists.calculatedSize;

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

async function snapshot(kind: CatalogKind): Promise<KindSnapshot> {
  const version = await currentCatalogVersion();
  const key = `${version}:${kind}`;
  let pending = state.snapshots.get(key);
  if (!pending) {
    for (const k of state.snapshots.keys()) if (k.endsWith(`:${kind}`)) state.snapshots.delete(k);
    pending = buildSnapshot(kind, version);
    pending.catch(() => state.snapshots.delete(key));
    state.snapshots.set(key, pending);
  }
  return pending;
}

async function buildSnapshot(kind: CatalogKind, version: number): Promise<KindSnapshot> {
  // The whole catalog of a kind in one read: the bulk budget, not a request's few seconds.
  const [{ list, uncategorized }, rows] = await bulkWork(() => Promise.all([mergedCategories(kind), catalogItems(kind)]));
  const known = new Set(list.map((c) => c.id));
  const serialize = serializeRow[kind];
  const items = rows.map((row, i) => {
    const category = row.category_id !== null && known.has(row.category_id) ? row.category_id : uncategorized;
    return { category, json: JSON.stringify(serialize(row, i + 1, category)) };
  });
  // An upstream's categories are listed as it defines them, empty or not; the panel's own (local names,
  // "Uncategorized") only while an item is in them, so an edit never leaves players an empty folder.
  const used = new Set(items.map((item) => item.category));
  const shown = list.filter((c) => !c.local || used.has(c.id));
  const categories = Buffer.from(JSON.stringify(shown.map((c) => ({ category_id: String(c.id), category_name: c.name, parent_id: c.parentId }))));
  return { version, items, categories, categoryIds: known };
}

function toBytes(json: Buffer, tag: string): ListBytes {
  return { json, gzip: zlib.gzipSync(json, { level: 6 }), etag: `W/"${tag}"` };
}

function remember(key: string, build: () => Promise<ListBytes>): Promise<ListBytes> {
  const hit = state.lists.get(key);
  if (hit) return Promise.resolve(hit);
  let pending = state.building.get(key);
  if (pending) return pending;
  pending = build().then(
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

/** get_live_categories / get_vod_categories / get_series_categories. */
export async function categoryList(kind: CatalogKind): Promise<ListBytes> {
  const snap = await snapshot(kind);
  return remember(`${snap.version}:${kind}:categories`, async () => toBytes(snap.categories, `${snap.version}-${kind}-c`));
}

/** get_live_streams / get_vod_streams / get_series, optionally of one category. */
export async function streamList(kind: CatalogKind, categoryId?: number): Promise<ListBytes> {
  const snap = await snapshot(kind);
  const cat = categoryId ?? '';
  return remember(`${snap.version}:${kind}:${cat}`, async () => {
    const items = categoryId === undefined ? snap.items : snap.items.filter((i) => i.category === categoryId);
    const json = Buffer.from(`[${items.map((i) => i.json).join(',')}]`);
    return toBytes(json, `${snap.version}-${kind}-${cat}`);
  });
}

/** Item counts per kind as players see them (dashboards, tests). */
export async function catalogCounts(): Promise<Record<CatalogKind, number>> {
  const [live, vod, series] = await Promise.all((['live', 'vod', 'series'] as const).map(async (k) => (await snapshot(k)).items.length));
  return { live, vod, series };
}
