import { LRUCache } from 'lru-cache';
import type { CatalogKind } from '@/db/queries/catalog';
import { seriesOfEpisode } from '@/db/queries/items';
import { currentCatalogVersion } from '@/lib/catalog-version/version';
import { processState } from '@/lib/state';
import { bouquetDefinitions, curatedCategories, curatedItem, curatedKind, forEachCuratedPage, type CuratedCategory, type CuratedItem, type CuratedKind } from './curated-catalog';

/** An item of an account's catalog: its list position number (`num`) and the category it is listed under. */
export interface LineItem {
  item: CuratedItem;
  /** Live: the admin's channel number, else the next free number in list order. Others: the position. */
  num: number;
}

/**
 * One kind of what an account with a given bouquet set sees, in order: built once per (catalog
 * version, bouquet set) and shared by every account with that set.
 */
export interface LineCatalogKind {
  version: number;
  /** The bouquet ids in order, joined; '' is the whole catalog. */
  setKey: string;
  kind: CatalogKind;
  items: LineItem[];
  categories: CuratedCategory[];
  ids: LineMembers;
  categoryIds: Set<number>;
}

/** What an account with a bouquet set may see of a kind, compact: its item ids and category ids. */
export interface LineMembers {
  /** The public ids in ascending order (8 bytes an item, no object per item). */
  sorted: Float64Array;
  categoryIds: Set<number>;
  has(publicId: number): boolean;
  size: number;
}

// A view holds one reference per item into the curated kind, so it lingers no longer than that does
// (LINGER_MS after its last use); the compact members stay for the catalog version (a handful of sets
// in practice, 8 bytes per item each).
const LINGER_MS = 30_000;
const state = processState('lineCatalogs', () => ({
  version: -1,
  views: new LRUCache<string, Promise<LineCatalogKind>>({ max: 256, ttl: LINGER_MS, updateAgeOnGet: true, ttlAutopurge: true }),
  members: new LRUCache<string, Promise<LineMembers>>({ max: 768 }),
}));

function members(ids: Iterable<number>, categoryIds: Set<number>): LineMembers {
  const sorted = Float64Array.from(ids).sort();
  return {
    sorted,
    categoryIds,
    size: sorted.length,
    has(publicId) {
      let lo = 0;
      let hi = sorted.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const v = sorted[mid];
        if (v === publicId) return true;
        if (v < publicId) lo = mid + 1;
        else hi = mid - 1;
      }
      return false;
    },
  };
}

export const bouquetSetKey = (bouquetIds: readonly string[]): string => bouquetIds.join(',');
/** A view's (and its members') key: the kind and the bouquet set. */
const viewKey = (kind: CatalogKind, setKey: string) => `${kind}:${setKey}`;

/** The account's catalog of a kind (no bouquets: the whole catalog; hidden items never). */
export async function lineCatalog(bouquetIds: readonly string[], kind: CatalogKind): Promise<LineCatalogKind> {
  const version = await currentCatalogVersion();
  forVersion(version);
  const setKey = bouquetSetKey(bouquetIds);
  const key = viewKey(kind, setKey);
  let pending = state.views.get(key);
  if (!pending) {
    pending = buildLineCatalog(version, setKey, bouquetIds, kind);
    const mine = pending;
    // No expiry while it builds; the linger starts once it is built.
    pending.then(
      () => {
        if (state.views.peek(key) === mine) state.views.set(key, mine);
      },
      () => {
        if (state.views.peek(key) === mine) state.views.delete(key);
      },
    );
    state.views.set(key, pending, { ttl: 0 });
  }
  return pending;
}

function forVersion(version: number) {
  if (state.version !== version) {
    state.version = version;
    state.views.clear();
    state.members.clear();
  }
}

/** The ids (and category ids) an account with this bouquet set sees: kept compact for stream checks and info answers. */
export async function lineMembers(bouquetIds: readonly string[], kind: CatalogKind): Promise<LineMembers> {
  const version = await currentCatalogVersion();
  forVersion(version);
  const key = viewKey(kind, bouquetSetKey(bouquetIds));
  let pending = state.members.get(key);
  if (!pending) {
    // The whole catalog's movies and series: one pass over the pages, no view kept.
    pending = bouquetIds.length === 0 && kind !== 'live' ? forEachWholeCatalogPage(kind, version, () => undefined) : lineCatalog(bouquetIds, kind).then((view) => view.ids);
    const mine = pending;
    pending.catch(() => {
      if (state.members.get(key) === mine) state.members.delete(key);
    });
    state.members.set(key, pending);
  }
  return pending;
}

/** The categories an account sees of a kind, in order (the whole catalog's movies and series: without a view). */
export async function lineCategories(bouquetIds: readonly string[], kind: CatalogKind): Promise<CuratedCategory[]> {
  if (bouquetIds.length === 0 && kind !== 'live') {
    const version = await currentCatalogVersion();
    const [visible, { categories }] = await Promise.all([lineMembers(bouquetIds, kind), curatedCategories(kind, version)]);
    return categories.filter((c) => visible.categoryIds.has(c.id));
  }
  return (await lineCatalog(bouquetIds, kind)).categories;
}

/** The live channels an account sees, in order, with their channel numbers: lists, get.php, xmltv, HDHomeRun. */
export async function accountLiveChannels(line: { bouquetIds: readonly string[] }): Promise<LineItem[]> {
  return (await lineCatalog(line.bouquetIds, 'live')).items;
}

/** Whether an account may open (or look up) this item of this kind. */
export async function lineSeesItem(line: { bouquetIds: readonly string[] }, kind: CatalogKind, publicId: number): Promise<boolean> {
  return (await lineMembers(line.bouquetIds, kind)).has(publicId);
}

/**
 * Whether an account may open a stream: a live channel or movie of its catalog, or an episode of one of
 * its series. Asked before anything is opened (a 403 otherwise).
 */
export async function lineMayOpen(line: { bouquetIds: readonly string[] }, item: { kind: 'live' | 'movie' | 'series' | 'episode'; publicId: number }): Promise<boolean> {
  if (item.kind === 'live') return lineSeesItem(line, 'live', item.publicId);
  if (item.kind === 'movie') return lineSeesItem(line, 'vod', item.publicId);
  const series = item.kind === 'series' ? item.publicId : await seriesOfEpisode(item.publicId);
  return series !== undefined && lineSeesItem(line, 'series', series);
}

/** The curated item, when the account sees it (else undefined: a 404 for info, a 403 for a stream). */
export async function lineItemOf(line: { bouquetIds: readonly string[] }, kind: CatalogKind, publicId: number): Promise<CuratedItem | undefined> {
  const version = await currentCatalogVersion();
  if (!(await lineMembers(line.bouquetIds, kind)).has(publicId)) return undefined;
  return curatedItem(kind, publicId, version);
}

async function buildLineCatalog(version: number, setKey: string, bouquetIds: readonly string[], kind: CatalogKind): Promise<LineCatalogKind> {
  const curated = await curatedKind(kind, version);
  const { items, categories } = bouquetIds.length === 0 ? wholeCatalog(curated) : await bouquetUnion(curated, version, bouquetIds);
  const numbered = kind === 'live' ? numberChannels(items) : items.map((item, i) => ({ item, num: i + 1 }));
  const categoryIds = new Set(categories.map((c) => c.id));
  const view = { version, setKey, kind, items: numbered, categories, ids: members(items.map((i) => i.public_id), categoryIds), categoryIds };
  // A view built after its members were dropped (or first) leaves its compact form behind.
  const key = viewKey(kind, setKey);
  if (state.version === version && !state.members.has(key)) state.members.set(key, Promise.resolve(view.ids));
  return view;
}

/**
 * The whole catalog of a kind as an account without bouquets sees it (movies or series: `num` is the
 * position), a page at a time, keeping no item: what its lists are built from. Leaves that set's
 * compact members behind.
 */
export async function forEachWholeCatalogPage(kind: 'vod' | 'series', version: number, onPage: (items: LineItem[]) => void | Promise<void>): Promise<LineMembers> {
  forVersion(version);
  const ids: number[] = [];
  const used = new Set<number>();
  let num = 0;
  const { categories } = await curatedCategories(kind, version);
  await forEachCuratedPage(kind, version, (page) => {
    const visible: LineItem[] = [];
    for (const item of page) {
      if (item.hidden) continue;
      visible.push({ item, num: ++num });
      ids.push(item.public_id);
      used.add(item.category);
    }
    return onPage(visible);
  });
  // As wholeCatalog lists them: an upstream's categories always, the panel's own while an item is in them.
  const categoryIds = new Set(categories.filter((c) => !c.hidden && (!c.local || used.has(c.id))).map((c) => c.id));
  const whole = members(ids, categoryIds);
  const key = viewKey(kind, bouquetSetKey([]));
  if (state.version === version && !state.members.has(key)) state.members.set(key, Promise.resolve(whole));
  return whole;
}

function wholeCatalog(curated: CuratedKind): { items: CuratedItem[]; categories: CuratedCategory[] } {
  const items = curated.items.filter((i) => !i.hidden);
  // An upstream's categories are listed as it defines them, empty or not; the panel's own (local names,
  // "Uncategorized") only while an item is in them, so an edit never leaves players an empty folder.
  const used = new Set(items.map((i) => i.category));
  return { items, categories: curated.categories.filter((c) => !c.hidden && (!c.local || used.has(c.id))) };
}

/** The union of the bouquets in their order: each bouquet's categories in its order, its added items, less its removed ones. */
async function bouquetUnion(curated: CuratedKind, version: number, bouquetIds: readonly string[]) {
  const definitions = await bouquetDefinitions(version);
  const items: CuratedItem[] = [];
  const seen = new Set<number>();
  const categoryIds: number[] = [];
  const listed = new Set<number>();
  const listCategory = (id: number) => {
    if (listed.has(id)) return;
    listed.add(id);
    categoryIds.push(id);
  };
  for (const id of bouquetIds) {
    const b = definitions.get(id);
    if (!b) continue;
    const take = (item: CuratedItem) => {
      if (item.hidden || b.removeItems.has(item.public_id) || seen.has(item.public_id)) return;
      seen.add(item.public_id);
      items.push(item);
      listCategory(item.category);
    };
    for (const categoryId of b.categories[curated.kind]) {
      const category = curated.categoryById.get(categoryId);
      if (!category || category.hidden) continue;
      listCategory(categoryId);
      for (const item of curated.byCategory.get(categoryId) ?? []) take(item);
    }
    for (const publicId of b.addItems) {
      const item = curated.byId.get(publicId);
      if (item) take(item);
    }
  }
  // Items are grouped by category in list order (added items join their category's group).
  const order = new Map(categoryIds.map((id, i) => [id, i]));
  const grouped = items.map((item, i) => ({ item, i })).sort((a, b) => order.get(a.item.category)! - order.get(b.item.category)! || a.i - b.i);
  return { items: grouped.map((g) => g.item), categories: categoryIds.map((id) => curated.categoryById.get(id)!) };
}

/** The admin's channel numbers stay; every other channel takes the next number not taken, in list order. */
function numberChannels(items: CuratedItem[]): LineItem[] {
  const taken = new Set<number>();
  for (const item of items) if (item.channelNumber !== null) taken.add(item.channelNumber);
  let next = 1;
  return items.map((item) => {
    if (item.channelNumber !== null) return { item, num: item.channelNumber };
    while (taken.has(next)) next++;
    return { item, num: next++ };
  });
}

/** Item counts per kind as an account with this bouquet set sees them. */
export async function lineCatalogCounts(bouquetIds: readonly string[]): Promise<Record<CatalogKind, number>> {
  const [live, vod, series] = await Promise.all((['live', 'vod', 'series'] as const).map(async (k) => (await lineMembers(bouquetIds, k)).size));
  return { live, vod, series };
}

/** Tests switch databases under a running process. */
export function forgetLineCatalogs(): void {
  state.version = -1;
  state.views.clear();
  state.members.clear();
}
