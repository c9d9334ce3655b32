import { query } from '../client';

export interface ContentBrowserFilter {
  q?: string;
  /** Synced stream type. */
  streamType?: 'live' | 'vod' | 'series';
  /** Local content type. */
  localType?: 'movie' | 'series';
  includeSynced: boolean;
  includeLocal: boolean;
  upstreamId?: string;
  categoryId?: number;
  /** The category is "Uncategorized": items without a (live) category match it too, as players see them. */
  uncategorized?: boolean;
  /** One item by its public id. */
  publicId?: number;
}

export interface ContentBrowserRow {
  public_id: number;
  name: string;
  type: 'live' | 'movie' | 'series';
  source: 'upstream' | 'local';
  upstream_id: string | null;
  upstream_name: string | null;
  upstream_url: string | null;
  upstream_active: boolean | null;
  category_id: number | null;
  category: string | null;
  icon: string | null;
  year: number | null;
  rating: number | null;
  container_extension: string | null;
  epg_channel_id: string | null;
  added_at: Date | null;
  removed_at: Date | null;
  local_active: boolean | null;
  /** The admin's overrides (migration 0007); null: the provider's value. */
  override_name: string | null;
  hidden: boolean;
  channel_number: number | null;
}

// Order and name keys match idx_synced_content_browse / idx_local_content_browse (migration 0002):
// the first page of a large catalog is a merge of two index scans, not a sort of every row.
const SYNCED_KEY = `lower(s.name) COLLATE "C"`;
const LOCAL_KEY = `lower(l.title) COLLATE "C"`;

function branches(f: ContentBrowserFilter, params: unknown[]): string[] {
  const param = (v: unknown) => `$${params.push(v)}`;
  // Every word typed must appear in the item's normalised name (search_text, migration 0006), in any order.
  const words = (f.q ?? '').split(/\s+/).filter(Boolean).slice(0, 8);
  // A query of punctuation alone normalises to nothing: it finds nothing rather than everything.
  const typed = words.length ? `np_search_text(${param(f.q)}) <> ''` : null;
  const matches = (alias: string) => [...(typed ? [typed] : []), ...words.map((w) => `${alias}.search_text LIKE '%' || np_search_text(${param(w)}) || '%'`)];
  const category = f.categoryId !== undefined ? param(f.categoryId) : null;
  const own = (alias: string) =>
    f.uncategorized
      ? `(${alias}.category_id = ${category} OR ${alias}.category_id IS NULL
          OR EXISTS (SELECT 1 FROM categories rc WHERE rc.id = ${alias}.category_id AND rc.removed_at IS NOT NULL))`
      : `${alias}.category_id = ${category}`;
  // An item the admin moved (item_overrides.category_id) is found in the category it was moved to.
  const inCategory = (alias: string) =>
    `((${own(alias)} AND NOT EXISTS (SELECT 1 FROM item_overrides io WHERE io.public_id = ${alias}.public_id AND io.category_id IS NOT NULL))
      OR EXISTS (SELECT 1 FROM item_overrides io WHERE io.public_id = ${alias}.public_id AND io.category_id = ${category}))`;
  // A constant WHERE (even "true") keeps PostgreSQL from merging the index scans: conditions only when set.
  const whereOf = (conditions: string[]) => (conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '');
  // Only columns here (no constants): else PostgreSQL sorts every row instead of merging the two index scans.
  const out: string[] = [];
  if (f.includeSynced) {
    const where: string[] = [];
    if (f.streamType) where.push(`s.stream_type = ${param(f.streamType)}`);
    if (f.upstreamId) where.push(`s.upstream_server_id = ${param(f.upstreamId)}`);
    if (f.publicId !== undefined) where.push(`s.public_id = ${param(f.publicId)}`);
    where.push(...matches('s'));
    if (category) where.push(inCategory('s'));
    out.push(`SELECT s.public_id, ${SYNCED_KEY} AS sort_key FROM synced_content s${whereOf(where)}`);
  }
  if (f.includeLocal) {
    const where: string[] = [];
    if (f.localType) where.push(`l.content_type = ${param(f.localType)}`);
    if (f.publicId !== undefined) where.push(`l.public_id = ${param(f.publicId)}`);
    where.push(...matches('l'));
    if (category) where.push(inCategory('l'));
    out.push(`SELECT l.public_id, ${LOCAL_KEY} AS sort_key FROM local_content l${whereOf(where)}`);
  }
  return out;
}

/** One page of the merged catalog, ordered by name (case-insensitive) then public id, and the total. */
export async function listContentRows(f: ContentBrowserFilter, limit: number, offset: number): Promise<{ rows: ContentBrowserRow[]; total: number }> {
  // Both are validated whole numbers; as literals the planner sizes the page exactly.
  if (!Number.isSafeInteger(limit) || !Number.isSafeInteger(offset)) throw new TypeError('limit and offset must be integers');
  const params: unknown[] = [];
  const parts = branches(f, params);
  if (!parts.length) return { rows: [], total: 0 };
  // The page's ids first, then their details by public id (unique across both tables: one sequence).
  const rows = await query<ContentBrowserRow>(
    `SELECT p.public_id, coalesce(s.name, l.title)::text AS name,
            CASE WHEN s.public_id IS NULL THEN l.content_type::text WHEN s.stream_type = 'vod' THEN 'movie' ELSE s.stream_type::text END AS type,
            CASE WHEN s.public_id IS NULL THEN 'local' ELSE 'upstream' END AS source,
            s.upstream_server_id AS upstream_id, u.name::text AS upstream_name, u.server_url::text AS upstream_url, u.is_active AS upstream_active,
            CASE WHEN c.removed_at IS NULL THEN c.id END AS category_id, CASE WHEN c.removed_at IS NULL THEN coalesce(co.name, c.name)::text END AS category,
            coalesce(io.logo, s.stream_icon, l.poster_url) AS icon, coalesce(s.release_year, l.release_year) AS year,
            coalesce(s.rating, l.rating) AS rating, coalesce(s.container_extension, l.container_extension)::text AS container_extension,
            coalesce(io.epg_channel_id, s.epg_channel_id)::text AS epg_channel_id, coalesce(s.added_at, l.created_at) AS added_at, s.removed_at,
            l.is_active AS local_active, io.name::text AS override_name, coalesce(io.hidden, false) AS hidden, io.channel_number
       FROM (SELECT * FROM (${parts.join(' UNION ALL ')}) items ORDER BY sort_key, public_id LIMIT ${limit} OFFSET ${offset}) p
       LEFT JOIN synced_content s ON s.public_id = p.public_id
       LEFT JOIN local_content l ON s.public_id IS NULL AND l.public_id = p.public_id
       LEFT JOIN upstream_servers u ON u.id = s.upstream_server_id
       LEFT JOIN item_overrides io ON io.public_id = p.public_id
       LEFT JOIN categories c ON c.id = coalesce(io.category_id, s.category_id, l.category_id)
       LEFT JOIN category_overrides co ON co.category_id = c.id
      ORDER BY p.sort_key, p.public_id`,
    params,
  );
  const countParams: unknown[] = [];
  const counts = branches(f, countParams).map((sql) => `(SELECT count(*) FROM (${sql}) b)`);
  const [{ n }] = await query<{ n: number }>(`SELECT (${counts.join(' + ')})::int AS n`, countParams);
  return { rows, total: n };
}

export interface ContentCategoryRow {
  id: number;
  name: string;
  category_type: 'live' | 'vod' | 'series';
  upstream_server_id: string | null;
  upstream_name: string | null;
}

/** Categories (not removed) of a type, optionally of one upstream or only the local ones. */
export async function listContentCategoryRows(f: { kind: 'live' | 'vod' | 'series'; upstreamId?: string; localOnly?: boolean; upstreamOnly?: boolean }): Promise<ContentCategoryRow[]> {
  const params: unknown[] = [f.kind];
  const where = ['c.category_type = $1', 'c.removed_at IS NULL'];
  if (f.upstreamId) where.push(`c.upstream_server_id = $${params.push(f.upstreamId)}`);
  else if (f.localOnly) where.push('c.upstream_server_id IS NULL');
  else if (f.upstreamOnly) where.push('c.upstream_server_id IS NOT NULL');
  return query<ContentCategoryRow>(
    `SELECT c.id, c.name::text AS name, c.category_type, c.upstream_server_id, u.name::text AS upstream_name
       FROM categories c LEFT JOIN upstream_servers u ON u.id = c.upstream_server_id
      WHERE ${where.join(' AND ')}
      ORDER BY (c.upstream_server_id IS NULL), u.priority DESC NULLS LAST, u.name, c.sort_order, c.id`,
    params,
  );
}

export async function findCategoryRow(id: number): Promise<Omit<ContentCategoryRow, 'upstream_name'> | undefined> {
  const [row] = await query<Omit<ContentCategoryRow, 'upstream_name'>>(
    'SELECT id, name::text AS name, category_type, upstream_server_id FROM categories WHERE id = $1',
    [id],
  );
  return row;
}
