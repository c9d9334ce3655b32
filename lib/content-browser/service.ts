import * as q from '@/db/queries/content-browser';
import { artworkLink } from '@/lib/artwork/token';
import { currentCatalogVersion } from '@/lib/catalog-version/version';
import { renameRulesOf } from '@/lib/curation/curated-catalog';
import { renameWith, type CompiledRename } from '@/lib/curation/rename';
import { searchByIndex, warmSearchIndex } from './search-index';
import type { ContentCategoryView, ContentFilter, ContentItemView, ContentType } from './schemas';

const STREAM_TYPE = { live: 'live', movie: 'vod', series: 'series' } as const;
const CATEGORY_TYPE: Record<'live' | 'vod' | 'series', ContentType> = { live: 'live', vod: 'movie', series: 'series' };

export function toContentItemView(row: q.ContentBrowserRow, renames: readonly CompiledRename[] = []): ContentItemView {
  const stale = row.removed_at !== null;
  return {
    publicId: row.public_id,
    name: row.override_name ?? renameWith(renames, 'item', STREAM_TYPE[row.type], row.upstream_id, row.name),
    originalName: row.name,
    hidden: row.hidden,
    channelNumber: row.channel_number,
    type: row.type,
    source: row.source,
    upstreamId: row.upstream_id,
    upstreamName: row.upstream_name,
    category: row.category,
    categoryId: row.category_id,
    icon: row.icon?.trim() || null,
    // Through the panel: the admin's browser never loads artwork from the provider.
    thumb: artworkLink(row.icon?.trim(), row.upstream_url ?? (row.source === 'local' ? row.icon : null)),
    year: row.year,
    rating: row.rating === null ? null : Math.round(row.rating * 10) / 10,
    containerExtension: row.type === 'live' ? null : row.container_extension?.trim() || null,
    epgChannelId: row.epg_channel_id?.trim() || null,
    addedAt: row.added_at?.toISOString() ?? null,
    stale,
    served: row.source === 'local' ? row.local_active === true : !stale && row.upstream_active === true,
  };
}

/**
 * One page of the merged catalog (synced and local items, stale ones flagged), by name then public id.
 * The "Uncategorized" category also matches items players list under it: no category, or a removed one.
 */
export async function listContent({ page = 1, pageSize = 50, ...filter }: ContentFilter & { page?: number; pageSize?: number }) {
  const empty = { items: [] as ContentItemView[], total: 0, page, pageSize };
  let uncategorized = false;
  let type = filter.type;
  if (filter.categoryId !== undefined) {
    // A category belongs to one type; "Uncategorized" must not pull in items of the other types.
    const category = await q.findCategoryRow(filter.categoryId);
    const categoryType = category && CATEGORY_TYPE[category.category_type];
    if (!category || (type && type !== categoryType)) return empty;
    type = categoryType;
    uncategorized = category.upstream_server_id === null && category.name === 'Uncategorized';
  }
  const includeLocal = filter.source !== 'upstream' && type !== 'live' && !filter.upstreamId;
  const includeSynced = filter.source !== 'local';
  // A search without a category: the in-memory index when it is current (search-index.ts). Opening
  // the browser without one builds the index, so the first search finds it ready.
  const searching = Boolean(filter.q) && filter.categoryId === undefined;
  if (!searching) warmSearchIndex();
  const kinds = indexKinds(type, includeSynced, includeLocal);
  const found = searching ? await searchByIndex(filter.q!, { kinds, upstreamId: filter.upstreamId }, pageSize, (page - 1) * pageSize) : undefined;
  const { rows, total } = found
    ? { rows: await q.contentRowsByIds(found.ids), total: found.total }
    : await q.listContentRows(
        {
          q: filter.q || undefined,
          streamType: type ? STREAM_TYPE[type] : undefined,
          localType: type === 'live' ? undefined : type,
          includeSynced,
          // Local content has no live channels and no upstream.
          includeLocal,
          upstreamId: filter.upstreamId,
          categoryId: filter.categoryId,
          uncategorized,
        },
        pageSize,
        (page - 1) * pageSize,
      );
  const renames = await renameRulesOf(await currentCatalogVersion());
  return { items: rows.map((r) => toContentItemView(r, renames)), total, page, pageSize };
}

/** The search index's kinds (0-2 synced live/movie/series, 3-4 local movie/series) a filter admits. */
function indexKinds(type: ContentType | undefined, synced: boolean, local: boolean): number[] {
  const kinds: number[] = [];
  if (synced) kinds.push(...(type === 'live' ? [0] : type === 'movie' ? [1] : type === 'series' ? [2] : [0, 1, 2]));
  if (local) kinds.push(...(type === 'movie' ? [3] : type === 'series' ? [4] : type === 'live' ? [] : [3, 4]));
  return kinds;
}

/** One item of the merged catalog as the content browser shows it, or undefined. */
export async function findContentItem(publicId: number): Promise<ContentItemView | undefined> {
  const { rows } = await q.listContentRows({ includeSynced: true, includeLocal: true, publicId }, 1, 0);
  const renames = await renameRulesOf(await currentCatalogVersion());
  return rows[0] && toContentItemView(rows[0], renames);
}

/** The categories a filter can narrow to: those of a type, of one upstream or source when chosen. */
export async function listContentCategories(filter: Pick<ContentFilter, 'type' | 'source' | 'upstreamId'>): Promise<ContentCategoryView[]> {
  if (!filter.type) return [];
  if (filter.type === 'live' && filter.source === 'local') return [];
  const rows = await q.listContentCategoryRows({
    kind: STREAM_TYPE[filter.type],
    upstreamId: filter.source === 'local' ? undefined : filter.upstreamId,
    localOnly: filter.source === 'local',
    upstreamOnly: filter.source === 'upstream',
  });
  const named = new Map<string, number>();
  for (const r of rows) named.set(r.name.toLowerCase(), (named.get(r.name.toLowerCase()) ?? 0) + 1);
  return rows.map((r) => ({
    id: r.id,
    name: named.get(r.name.toLowerCase())! > 1 && r.upstream_name ? `${r.name} (${r.upstream_name})` : r.name,
    type: CATEGORY_TYPE[r.category_type],
    upstreamId: r.upstream_server_id,
  }));
}
