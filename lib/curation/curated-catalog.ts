import { bulkWork } from '@/db/client';
import { allBouquetRows } from '@/db/queries/bouquets';
import { mappedGuideIds } from '@/db/queries/epg-map';
import { catalogItem, categoryRows, forEachCatalogPage, uncategorizedId, type CatalogItemRow, type CatalogKind } from '@/db/queries/catalog';
import { listCategoryOverrides, listItemOverrides, type CategoryOverrideRow, type ItemOverrideRow } from '@/db/queries/overrides';
import { listRenameRuleRows } from '@/db/queries/rename-rules';
import { currentCatalogVersion } from '@/lib/catalog-version/version';
import { processState } from '@/lib/state';
import { compileRename, renameWith, type CompiledRename } from './rename';

/** A catalog item as players see it: the admin's overrides and the rename rules applied. */
export interface CuratedItem extends CatalogItemRow {
  /** The provider's (or local item's) own name. */
  originalName: string;
  /** The category it is listed under (an override's, else its own, else "Uncategorized"). */
  category: number;
  channelNumber: number | null;
  /** Hidden by the admin, itself or through its category. */
  hidden: boolean;
}

export interface CuratedCategory {
  id: number;
  name: string;
  originalName: string;
  parentId: number;
  /** Named by the admin (or "Uncategorized"), not defined by an upstream. */
  local: boolean;
  upstreamId: string | null;
  hidden: boolean;
}

/** One kind of the whole catalog, curated: every item (hidden ones too) in list order, every category in order. */
export interface CuratedKind {
  kind: CatalogKind;
  version: number;
  items: CuratedItem[];
  categories: CuratedCategory[];
  categoryById: Map<number, CuratedCategory>;
  byId: Map<number, CuratedItem>;
  byCategory: Map<number, CuratedItem[]>;
  uncategorized: number;
}

export interface BouquetDefinition {
  id: string;
  /** Category ids per kind, in the bouquet's order. */
  categories: Record<CatalogKind, number[]>;
  addItems: number[];
  removeItems: Set<number>;
}

/** What the admin decided, read once per catalog version (every change bumps it). */
interface CurationInputs {
  categoryOverrides: Map<number, CategoryOverrideRow>;
  itemOverrides: Map<number, ItemOverrideRow>;
  renames: CompiledRename[];
  bouquets: Map<string, BouquetDefinition>;
  /** Live channels the guide mapping gives a guide (public id -> the id lists show when they have none). */
  guideIds: Map<number, string>;
}

/** The guide id of a dummy guide: unique per channel, never a provider's. */
export const dummyGuideId = (publicId: number) => `neropanel.dummy.${publicId}`;

/** The categories of a kind as players see them (small: kept for the whole catalog version). */
interface KindCategories {
  categories: CuratedCategory[];
  categoryById: Map<number, CuratedCategory>;
  uncategorized: number;
}

// A whole kind (one object per item) is kept only while it is used and LINGER_MS after: the lists it
// builds are cached as bytes, stream checks use compact id sets and info answers read one item.
const LINGER_MS = 30_000;
// Rows per cursor page: bounds what the database materialises at once.
const PAGE_ROWS = 2000;

interface KindEntry {
  pending: Promise<CuratedKind>;
  timer?: NodeJS.Timeout;
}

const state = processState('curatedCatalog', () => ({
  version: -1,
  inputs: undefined as Promise<CurationInputs> | undefined,
  categories: new Map<CatalogKind, Promise<KindCategories>>(),
  kinds: new Map<CatalogKind, KindEntry>(),
}));

const KIND_OF_TYPE = { live: 'live', vod: 'vod', series: 'series' } as const;

async function loadInputs(): Promise<CurationInputs> {
  const [categoryOverrides, itemOverrides, rules, bouquets, mapped] = await Promise.all([
    listCategoryOverrides(), listItemOverrides(), listRenameRuleRows(true), allBouquetRows(), mappedGuideIds(),
  ]);
  const renames = rules
    .map((r) => compileRename({ pattern: r.pattern, replacement: r.replacement, scope: r.scope, type: r.content_type, upstreamId: r.upstream_server_id }))
    .filter((r): r is CompiledRename => r !== null);
  return {
    categoryOverrides: new Map(categoryOverrides.map((o) => [o.category_id, o])),
    itemOverrides: new Map(itemOverrides.map((o) => [Number(o.public_id), o])),
    renames,
    guideIds: new Map(mapped.map((m) => [m.public_id, m.dummy ? dummyGuideId(m.public_id) : m.epg_channel_id!])),
    bouquets: new Map(
      bouquets.map((b) => {
        const categories: Record<CatalogKind, number[]> = { live: [], vod: [], series: [] };
        for (const c of b.categories) categories[KIND_OF_TYPE[c.type]].push(c.categoryId);
        return [b.id, { id: b.id, categories, addItems: b.add_items, removeItems: new Set(b.remove_items) }];
      }),
    ),
  };
}

/** Everything of one catalog version: a new version drops what the previous one built. */
function forVersion(version: number) {
  if (state.version !== version) {
    state.version = version;
    state.inputs = undefined;
    state.categories.clear();
    dropKinds();
  }
  return state;
}

function dropKinds() {
  for (const k of state.kinds.values()) clearTimeout(k.timer);
  state.kinds.clear();
}

/** Caches a promise per kind in `map`, forgetting it when it fails. */
function once<T>(map: Map<CatalogKind, Promise<T>>, kind: CatalogKind, build: () => Promise<T>): Promise<T> {
  let pending = map.get(kind);
  if (!pending) {
    pending = build();
    const mine = pending;
    pending.catch(() => {
      if (map.get(kind) === mine) map.delete(kind);
    });
    map.set(kind, pending);
  }
  return pending;
}

function inputsOf(version: number): Promise<CurationInputs> {
  const s = forVersion(version);
  if (!s.inputs) {
    const pending = loadInputs();
    pending.catch(() => {
      if (s.inputs === pending) s.inputs = undefined;
    });
    s.inputs = pending;
  }
  return s.inputs;
}

/** The bouquets as they are in this catalog version. */
export async function bouquetDefinitions(version: number): Promise<Map<string, BouquetDefinition>> {
  return (await inputsOf(version)).bouquets;
}

export async function renameRulesOf(version: number): Promise<CompiledRename[]> {
  return (await inputsOf(version)).renames;
}

/**
 * The curated catalog of a kind at the current catalog version, shared by every request while it is
 * used; dropped LINGER_MS after its last use (the next use builds it again).
 */
export async function curatedKind(kind: CatalogKind, version?: number): Promise<CuratedKind> {
  const v = version ?? (await currentCatalogVersion());
  const s = forVersion(v);
  const held = s.kinds.get(kind);
  if (held) {
    held.timer?.refresh();
    return held.pending;
  }
  const pending = buildKind(kind, v);
  const entry: KindEntry = { pending };
  // The linger starts once it is built (a slow build is never dropped and started twice).
  pending.then(
    () => {
      if (s.kinds.get(kind) === entry) entry.timer = setTimeout(() => s.kinds.get(kind) === entry && s.kinds.delete(kind), LINGER_MS).unref();
    },
    () => {
      if (s.kinds.get(kind) === entry) s.kinds.delete(kind);
    },
  );
  s.kinds.set(kind, entry);
  return pending;
}

/** Whether the whole kind is in memory now (tests; an info answer then needs no query). */
export const curatedKindHeld = (kind: CatalogKind): boolean => state.kinds.has(kind);

/** The categories of a kind, curated, in list order (one build per catalog version). */
export async function curatedCategories(kind: CatalogKind, version: number): Promise<KindCategories> {
  const s = forVersion(version);
  return once(s.categories, kind, () => buildCategories(kind, version));
}

/** One curated item (hidden ones too), without building the whole kind when it is not in memory. */
export async function curatedItem(kind: CatalogKind, publicId: number, version: number): Promise<CuratedItem | undefined> {
  const s = forVersion(version);
  const held = s.kinds.get(kind);
  if (held) {
    held.timer?.refresh();
    return (await held.pending).byId.get(publicId);
  }
  const [inputs, cats, row] = await Promise.all([inputsOf(version), curatedCategories(kind, version), catalogItem(kind, publicId)]);
  return row ? curate(row, kind, inputs, cats) : undefined;
}

async function buildCategories(kind: CatalogKind, version: number): Promise<KindCategories> {
  const inputs = await inputsOf(version);
  const [categoryList, uncategorized] = await Promise.all([categoryRows(kind), uncategorizedId(kind)]);

  const names = categoryList.map((r) => {
    const o = inputs.categoryOverrides.get(r.id);
    return o?.name ?? renameWith(inputs.renames, 'category', kind, r.upstream_server_id, r.name);
  });
  // A name several upstreams share becomes "{name} ({upstream})" (the admin's own names stay as written).
  const seen = new Map<string, number>();
  for (const n of names) seen.set(n.toLowerCase(), (seen.get(n.toLowerCase()) ?? 0) + 1);
  const positioned = categoryList
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.id !== uncategorized)
    .map(({ r, i }): CuratedCategory & { position: number | null; order: number } => {
      const o = inputs.categoryOverrides.get(r.id);
      const shared = !o?.name && seen.get(names[i].toLowerCase())! > 1 && r.upstream_name;
      return {
        id: r.id,
        name: shared ? `${names[i]} (${r.upstream_name})` : names[i],
        originalName: r.name,
        parentId: r.parent_id,
        local: r.upstream_server_id === null,
        upstreamId: r.upstream_server_id,
        hidden: o?.hidden ?? false,
        position: o?.position ?? null,
        order: i,
      };
    });
  // Categories the admin placed come first, by position; the rest keep the catalog's order.
  positioned.sort((a, b) => (a.position ?? Infinity) - (b.position ?? Infinity) || a.order - b.order);
  const uncategorizedOverride = inputs.categoryOverrides.get(uncategorized);
  const categories: CuratedCategory[] = positioned.map((c) => ({ id: c.id, name: c.name, originalName: c.originalName, parentId: c.parentId, local: c.local, upstreamId: c.upstreamId, hidden: c.hidden }));
  categories.push({
    id: uncategorized, name: uncategorizedOverride?.name ?? 'Uncategorized', originalName: 'Uncategorized', parentId: 0, local: true, upstreamId: null,
    hidden: uncategorizedOverride?.hidden ?? false,
  });
  return { categories, categoryById: new Map(categories.map((c) => [c.id, c])), uncategorized };
}

/** A catalog row as players see it: the admin's override, the rename rules, its listed category. */
function curate(row: CatalogItemRow, kind: CatalogKind, inputs: CurationInputs, cats: KindCategories): CuratedItem {
  const publicId = Number(row.public_id);
  const o = inputs.itemOverrides.get(publicId);
  const wanted = o?.category_id ?? row.category_id;
  const category = wanted !== null && cats.categoryById.has(wanted) ? wanted : cats.uncategorized;
  return {
    ...row,
    public_id: publicId,
    name: o?.name ?? renameWith(inputs.renames, 'item', kind, row.upstream_server_id, row.name),
    originalName: row.name,
    icon: o?.logo ?? row.icon,
    // The admin's id, else the provider's, else (live channels without one) the guide mapping's, so
    // get.php's tvg-id, the lists' epg_channel_id and xmltv.php's channel ids agree for every channel
    // that has a guide, a name match or a dummy included.
    epg_channel_id: o?.epg_channel_id ?? (row.epg_channel_id?.trim() ? row.epg_channel_id : kind === 'live' ? (inputs.guideIds.get(publicId) ?? row.epg_channel_id) : row.epg_channel_id),
    category_id: category,
    category,
    channelNumber: o?.channel_number ?? null,
    hidden: (o?.hidden ?? false) || cats.categoryById.get(category)!.hidden,
  };
}

/**
 * Every curated item of a kind (hidden ones too) in list order, a page at a time, keeping none: `onPage`
 * must not query the database (see forEachCatalogPage).
 */
export async function forEachCuratedPage(kind: CatalogKind, version: number, onPage: (items: CuratedItem[]) => void | Promise<void>): Promise<void> {
  const [inputs, cats] = await Promise.all([inputsOf(version), curatedCategories(kind, version)]);
  // The whole catalog of a kind, a cursor page at a time: the bulk budget, not a request's few seconds.
  await bulkWork(() => forEachCatalogPage(kind, PAGE_ROWS, (rows) => onPage(rows.map((row) => curate(row, kind, inputs, cats)))));
}

async function buildKind(kind: CatalogKind, version: number): Promise<CuratedKind> {
  const cats = await curatedCategories(kind, version);
  const items: CuratedItem[] = [];
  const byId = new Map<number, CuratedItem>();
  const byCategory = new Map<number, CuratedItem[]>();
  await forEachCuratedPage(kind, version, (page) => {
    for (const item of page) {
      items.push(item);
      byId.set(item.public_id, item);
      const list = byCategory.get(item.category);
      if (list) list.push(item);
      else byCategory.set(item.category, [item]);
    }
  });
  return { kind, version, items, categories: cats.categories, categoryById: cats.categoryById, byId, byCategory, uncategorized: cats.uncategorized };
}

/** Tests switch databases under a running process. */
export function forgetCuratedCatalog(): void {
  state.version = -1;
  state.inputs = undefined;
  state.categories.clear();
  dropKinds();
}
