import { query } from '../client';

export type SyncType = 'live' | 'vod' | 'series';

/** One synced item as the sync engine hands it to the database. */
export interface SyncedRowInput {
  streamId: string;
  name: string;
  icon: string | null;
  upstreamCategoryId: string | null;
  epgChannelId: string | null;
  containerExtension: string | null;
  tvArchive: boolean;
  tvArchiveDuration: number;
  rating: number | null;
  year: number | null;
  tmdbId: string | null;
  addedAt: string | null;
  metadata: string;
  hash: string;
}

export interface CategoryInput {
  id: string;
  name: string;
  parentId: number;
  order: number;
}

/** Upserts a type's categories; returns how many rows changed. */
export async function upsertCategories(upstreamId: string, type: SyncType, cats: CategoryInput[]): Promise<number> {
  if (cats.length === 0) return 0;
  const rows = await query(
    `INSERT INTO categories (upstream_server_id, category_type, upstream_category_id, name, parent_id, sort_order)
     SELECT $1, $2, t.id, t.name, t.parent, t.ord
       FROM unnest($3::text[], $4::text[], $5::int[], $6::int[]) AS t(id, name, parent, ord)
     ON CONFLICT (upstream_server_id, category_type, upstream_category_id) WHERE upstream_server_id IS NOT NULL
     DO UPDATE SET name = EXCLUDED.name, parent_id = EXCLUDED.parent_id, sort_order = EXCLUDED.sort_order,
                   removed_at = NULL, synced_at = now()
     WHERE categories.name IS DISTINCT FROM EXCLUDED.name OR categories.parent_id IS DISTINCT FROM EXCLUDED.parent_id
        OR categories.sort_order IS DISTINCT FROM EXCLUDED.sort_order OR categories.removed_at IS NOT NULL
     RETURNING 1`,
    [upstreamId, type, cats.map((c) => c.id), cats.map((c) => c.name), cats.map((c) => c.parentId), cats.map((c) => c.order)],
  );
  return rows.length;
}

export async function markCategoriesRemoved(upstreamId: string, type: SyncType, keepIds: string[]): Promise<number> {
  const rows = await query(
    `UPDATE categories c SET removed_at = now()
      WHERE c.upstream_server_id = $1 AND c.category_type = $2 AND c.removed_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM unnest($3::text[]) AS k(id) WHERE k.id = c.upstream_category_id)
      RETURNING 1`,
    [upstreamId, type, keepIds],
  );
  return rows.length;
}

/**
 * Upserts one batch of items, keeping each item's public id (from public_ids, which is never purged).
 * Rows whose content hash, category and live state are unchanged are not written. Returns how many
 * were added and updated.
 *
 * One statement per batch, and every lookup is a per-row probe of a unique index (a LATERAL ...
 * LIMIT 1, which the planner cannot turn into a join). During a first big sync the tables have no
 * statistics yet, and plain joins let the planner hash every public id of the upstream for every batch:
 * quadratic, most of the time of a 100k sync. Unchanged rows are dropped before the INSERT: an
 * ON CONFLICT DO UPDATE locks (and so writes) every conflicting row even when its WHERE says no.
 */
export async function upsertSyncedBatch(upstreamId: string, type: SyncType, batch: SyncedRowInput[]): Promise<{ added: number; updated: number }> {
  if (batch.length === 0) return { added: 0, updated: 0 };
  const col = <K extends keyof SyncedRowInput>(k: K) => batch.map((r) => r[k]);
  const [counts] = await query<{ added: number; changed: number }>(
    `WITH t AS (
       SELECT t.*, c.id AS category_id
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bool[], $10::int[],
                     $11::real[], $12::int[], $13::text[], $14::text[], $15::text[], $16::text[])
              AS t(stream_id, name, icon, cat, epg, ext, archive, archive_days, rating, year, tmdb, added, metadata, hash)
         LEFT JOIN categories c ON c.upstream_server_id = $1 AND c.category_type = $2 AND c.upstream_category_id = t.cat
         LEFT JOIN LATERAL (
           SELECT s.row_hash, s.removed_at, s.category_id FROM synced_content s
            WHERE s.upstream_server_id = $1 AND s.stream_type = $2 AND s.stream_id = t.stream_id LIMIT 1
         ) s ON true
        WHERE s.row_hash IS DISTINCT FROM t.hash OR s.removed_at IS NOT NULL OR s.category_id IS DISTINCT FROM c.id
     ), fresh AS (
       INSERT INTO public_ids (upstream_server_id, item_type, upstream_item_id)
       SELECT $1, $2, t.stream_id FROM t
       ON CONFLICT (upstream_server_id, item_type, upstream_item_id) DO NOTHING
       RETURNING upstream_item_id, public_id
     ), written AS (
     INSERT INTO synced_content (upstream_server_id, stream_type, stream_id, public_id, name, stream_icon, category_id,
       upstream_category_id, epg_channel_id, container_extension, tv_archive, tv_archive_duration, rating, release_year,
       tmdb_id, added_at, metadata, row_hash, synced_at, removed_at)
     SELECT $1, $2, t.stream_id, COALESCE(f.public_id, e.public_id), t.name, t.icon, t.category_id, t.cat, t.epg, t.ext,
            t.archive, t.archive_days, t.rating, t.year, t.tmdb, t.added::timestamptz, t.metadata::jsonb, t.hash, now(), NULL
       FROM t
       LEFT JOIN fresh f ON f.upstream_item_id = t.stream_id
       LEFT JOIN LATERAL (
         SELECT p.public_id FROM public_ids p
          WHERE p.upstream_server_id = $1 AND p.item_type = $2 AND p.upstream_item_id = t.stream_id LIMIT 1
       ) e ON true
     ON CONFLICT (upstream_server_id, stream_type, stream_id) DO UPDATE SET
       name = EXCLUDED.name, stream_icon = EXCLUDED.stream_icon, category_id = EXCLUDED.category_id,
       upstream_category_id = EXCLUDED.upstream_category_id, epg_channel_id = EXCLUDED.epg_channel_id,
       container_extension = EXCLUDED.container_extension, tv_archive = EXCLUDED.tv_archive,
       tv_archive_duration = EXCLUDED.tv_archive_duration, rating = EXCLUDED.rating, release_year = EXCLUDED.release_year,
       tmdb_id = EXCLUDED.tmdb_id, added_at = EXCLUDED.added_at, metadata = EXCLUDED.metadata, row_hash = EXCLUDED.row_hash,
       synced_at = now(), removed_at = NULL
     WHERE synced_content.row_hash IS DISTINCT FROM EXCLUDED.row_hash
        OR synced_content.removed_at IS NOT NULL
        OR synced_content.category_id IS DISTINCT FROM EXCLUDED.category_id
     RETURNING (xmax = 0) AS inserted
     )
     SELECT (count(*) FILTER (WHERE inserted))::int AS added, count(*)::int AS changed FROM written`,
    [
      upstreamId, type, col('streamId'), col('name'), col('icon'), col('upstreamCategoryId'), col('epgChannelId'), col('containerExtension'),
      col('tvArchive'), col('tvArchiveDuration'), col('rating'), col('year'), col('tmdbId'), col('addedAt'), col('metadata'), col('hash'),
    ],
  );
  // Two counts, not a row per item: 1,000 result rows a batch were garbage the sync did not need.
  return { added: counts?.added ?? 0, updated: (counts?.changed ?? 0) - (counts?.added ?? 0) };
}

/** The part of a row hash that `storedRows` keeps: 48 bits, a number (a string per row would double the map). */
export function hashKey(hash: string): number {
  return parseInt(hash.slice(0, 12), 16);
}

/** What `storedRows` holds for a live row that an identical incoming row would still change (refile). */
export const REFILE = -1;

/**
 * The type's live (not removed) rows, read once before its list: stream id → `hashKey(row_hash)`, or
 * REFILE when the row is not filed under the category its upstream category id names now (that
 * category appeared since). The sync drops an incoming row whose hash key matches before it reaches
 * `upsertSyncedBatch` (whose own filter would drop it anyway, after the round trip), so a re-sync of an
 * unchanged catalog sends the database nothing but this read; and the keys are the ids that
 * `markItemsRemoved` compares with what the list held. Read after the type's categories are upserted.
 */
export async function storedRows(upstreamId: string, type: SyncType): Promise<Map<string, number>> {
  const rows = await query<{ stream_id: string; h: string | null }>(
    `SELECT s.stream_id, CASE WHEN s.category_id IS NOT DISTINCT FROM c.id THEN left(s.row_hash, 12) END AS h
       FROM synced_content s
       LEFT JOIN categories c ON c.upstream_server_id = s.upstream_server_id AND c.category_type = s.stream_type
                             AND c.upstream_category_id = s.upstream_category_id
      WHERE s.upstream_server_id = $1 AND s.stream_type = $2 AND s.removed_at IS NULL`,
    [upstreamId, type],
  );
  const stored = new Map<string, number>();
  for (const r of rows) stored.set(r.stream_id, r.h ? parseInt(r.h, 16) : REFILE);
  return stored;
}

/**
 * Marks items of a type that a complete fetch no longer lists as removed (no longer served).
 * The difference is taken here rather than with `NOT EXISTS (... unnest($3))`: right after a big
 * first sync the table has no statistics yet, the planner takes it for tiny and picks a nested loop
 * over the id array, and 100k seen ids against 100k rows never finishes. Reading the live ids
 * (one index range) and updating only the missing ones is linear whatever the statistics say.
 * `liveIds`: the live ids as read before the list (`storedRows`), when the caller has them.
 */
export async function markItemsRemoved(upstreamId: string, type: SyncType, seenIds: Iterable<string>, liveIds?: Iterable<string>): Promise<number> {
  const seen = seenIds instanceof Set ? (seenIds as Set<string>) : new Set(seenIds);
  const current =
    liveIds ??
    (await query<{ stream_id: string }>(
      `SELECT stream_id FROM synced_content WHERE upstream_server_id = $1 AND stream_type = $2 AND removed_at IS NULL`,
      [upstreamId, type],
    )).map((r) => r.stream_id);
  const gone: string[] = [];
  for (const id of current) if (!seen.has(id)) gone.push(id);
  if (gone.length === 0) return 0;
  const rows = await query(
    `UPDATE synced_content SET removed_at = now()
      WHERE upstream_server_id = $1 AND stream_type = $2 AND removed_at IS NULL AND stream_id = ANY($3::text[])
      RETURNING 1`,
    [upstreamId, type, gone],
  );
  return rows.length;
}

export async function countLiveItems(upstreamId: string, type: SyncType): Promise<number> {
  const [row] = await query<{ n: number }>(
    `SELECT count(*)::int AS n FROM synced_content WHERE upstream_server_id = $1 AND stream_type = $2 AND removed_at IS NULL`,
    [upstreamId, type],
  );
  return row.n;
}

/** Deletes rows removed longer ago than the retention; their public ids stay reserved in public_ids. */
export async function purgeRemovedItems(upstreamId: string, retentionDays: number): Promise<number> {
  const rows = await query(
    `DELETE FROM synced_content WHERE upstream_server_id = $1 AND removed_at < now() - make_interval(days => $2) RETURNING 1`,
    [upstreamId, retentionDays],
  );
  return rows.length;
}
