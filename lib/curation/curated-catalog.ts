import { bulkWork } from '@/db/client';
import { allBouquetRows } from '@/db/queries/bouquets';
import { mappedGuideIds } from '@/db/queries/epg-map';
import { catalogItems, categoryRows, uncategorizedId, type CatalogItemRow, type CatalogKind } from '@/db/queries/catalog';
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

const state = processState('curatedCatalog', () => ({
  version: -1,
  inputs: undefined as Promise<CurationInputs> | undefined,
  kinds: new Map<CatalogKind, Promise<CuratedKind>>(),
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
    state.kinds.clear();
  }
  return state;
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

/** The curated catalog of a kind at the current catalog version (built once, shared by every request). */
export async function curatedKind(kind: CatalogKind, version?: number): Promise<CuratedKind> {
  const v = version ?? (await currentCatalogVersion());
  const s = forVersion(v);
  let pending = s.kinds.get(kind);
  if (!pending) {
    pending = buildKind(kind, v);
    const mine = pending;
    pending.catch(() => {
      if (s.kinds.get(kind) === mine) s.kinds.delete(kind);
    });
    s.kinds.set(kind, pending);
  }
  return pending;
}

async function buildKind(kind: CatalogKind, version: number): Promise<CuratedKind> {
  const inputs = await inputsOf(version);
  // The whole catalog of a kind in one read: the bulk budget, not a request's few seconds.
  const [rows, categoryList, uncategorized] = await bulkWork(() => Promise.all([catalogItems(kind), categoryRows(kind), uncategorizedId(kind)]));

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
  const categoryById = new Map(categories.map((c) => [c.id, c]));

  const items: CuratedItem[] = [];
  const byId = new Map<number, CuratedItem>();
  const byCategory = new Map<number, CuratedItem[]>();
  for (const row of rows) {
    const publicId = Number(row.public_id);
    const o = inputs.itemOverrides.get(publicId);
    const wanted = o?.category_id ?? row.category_id;
    const category = wanted !== null && categoryById.has(wanted) ? wanted : uncategorized;
    const item: CuratedItem = {
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
      hidden: (o?.hidden ?? false) || categoryById.get(category)!.hidden,
    };
    items.push(item);
    byId.set(publicId, item);
    const list = byCategory.get(category);
    if (list) list.push(item);
    else byCategory.set(category, [item]);
  }
  return { kind, version, items, categories, categoryById, byId, byCategory, uncategorized };
}

/** Tests switch databases under a running process. */
export function forgetCuratedCatalog(): void {
  state.version = -1;
  state.inputs = undefined;
  state.kinds.clear();
}
