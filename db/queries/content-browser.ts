import { query } from '../client';
import { searchConditions, searchWords } from './search-match';

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
// A search sorts its matches by the same key, written so the browse index cannot serve it: walking
// that index in name order and filtering by the words is what the planner picks for a common word,
// and it reads most of the catalog when the matches sort late ("wild": 200k rows for 50 hits).
const SEARCH_KEY = { s: `(lower(s.name) || '') COLLATE "C"`, l: `(lower(l.title) || '') COLLATE "C"` };

function branches(f: ContentBrowserFilter, params: unknown[]): string[] {
  const param = (v: unknown) => `$${params.push(v)}`;
  // Every word typed must appear in one of the item's names (search-match.ts), in any order.
  // Punctuation alone finds nothing rather than everything.
  const words = searchWords(f.q);
  if (f.q?.trim() && !words.length) return [];
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
  const select = (table: string, alias: 's' | 'l', key: string, filters: string[]): string[] => {
    if (!words.length) return [`SELECT ${alias}.public_id, ${key} AS sort_key FROM ${table} ${alias}${whereOf(filters)}`];
    const searchKey = SEARCH_KEY[alias];
    // Found by either name the browser shows: the source's (the trigram index on search_text), or the
    // admin's rename (item_overrides, a few rows), each item once.
    const bySource = searchConditions(`${alias}.search_text`, words, param);
    const byRename = searchConditions('np_search_text(rn.name)', words, param);
    return [
      `SELECT ${alias}.public_id, ${searchKey} AS sort_key FROM ${table} ${alias}${whereOf([...filters, ...bySource])}`,
      `SELECT ${alias}.public_id, ${searchKey} AS sort_key FROM item_overrides rn JOIN ${table} ${alias} ON ${alias}.public_id = rn.public_id${whereOf([
        'rn.name IS NOT NULL',
        ...byRename,
        `NOT (${bySource.join(' AND ')})`,
        ...filters,
      ])}`,
    ];
  };
  const out: string[] = [];
  if (f.includeSynced) {
    const where: string[] = [];
    if (f.streamType) where.push(`s.stream_type = ${param(f.streamType)}`);
    if (f.upstreamId) where.push(`s.upstream_server_id = ${param(f.upstreamId)}`);
    if (f.publicId !== undefined) where.push(`s.public_id = ${param(f.publicId)}`);
    if (category) where.push(inCategory('s'));
    out.push(...select('synced_content', 's', SYNCED_KEY, where));
  }
  if (f.includeLocal) {
    const where: string[] = [];
    if (f.localType) where.push(`l.content_type = ${param(f.localType)}`);
    if (f.publicId !== undefined) where.push(`l.public_id = ${param(f.publicId)}`);
    if (category) where.push(inCategory('l'));
    out.push(...select('local_content', 'l', LOCAL_KEY, where));
  }
  return out;
}

// The columns of a page of items: `page` yields (public_id, sort_key) in the page's order.
const detailsOf = (page: string) =>
  `SELECT p.public_id, coalesce(s.name, l.title)::text AS name,
          CASE WHEN s.public_id IS NULL THEN l.content_type::text WHEN s.stream_type = 'vod' THEN 'movie' ELSE s.stream_type::text END AS type,
          CASE WHEN s.public_id IS NULL THEN 'local' ELSE 'upstream' END AS source,
          s.upstream_server_id AS upstream_id, u.name::text AS upstream_name, u.server_url::text AS upstream_url, u.is_active AS upstream_active,
          CASE WHEN c.removed_at IS NULL THEN c.id END AS category_id, CASE WHEN c.removed_at IS NULL THEN coalesce(co.name, c.name)::text END AS category,
          coalesce(io.logo, s.stream_icon, l.poster_url) AS icon, coalesce(s.release_year, l.release_year) AS year,
          coalesce(s.rating, l.rating) AS rating, coalesce(s.container_extension, l.container_extension)::text AS container_extension,
          coalesce(io.epg_channel_id, s.epg_channel_id)::text AS epg_channel_id, coalesce(s.added_at, l.created_at) AS added_at, s.removed_at,
          l.is_active AS local_active, io.name::text AS override_name, coalesce(io.hidden, false) AS hidden, io.channel_number
     FROM (${page}) p
     LEFT JOIN synced_content s ON s.public_id = p.public_id
     LEFT JOIN local_content l ON s.public_id IS NULL AND l.public_id = p.public_id
     LEFT JOIN upstream_servers u ON u.id = s.upstream_server_id
     LEFT JOIN item_overrides io ON io.public_id = p.public_id
     LEFT JOIN categories c ON c.id = coalesce(io.category_id, s.category_id, l.category_id)
     LEFT JOIN category_overrides co ON co.category_id = c.id
    ORDER BY p.sort_key, p.public_id`;

/** Items by public id, in the order given (a page the search index found). */
export async function contentRowsByIds(ids: readonly number[]): Promise<ContentBrowserRow[]> {
  if (!ids.length) return [];
  return query<ContentBrowserRow>(detailsOf('SELECT public_id, sort_key FROM unnest($1::bigint[]) WITH ORDINALITY AS x(public_id, sort_key)'), [ids]);
}

/** What np_search_text makes of a query: the words the search index looks for. */
export async function normaliseSearch(q: string): Promise<string[]> {
  const [row] = await query<{ t: string }>('SELECT np_search_text($1) AS t', [q]);
  return row.t.split(' ').filter(Boolean);
}

export interface SearchIndexRow {
  public_id: number;
  sort_key: string;
  /** The normalised name (search_text). */
  t: string;
  /** 0 live, 1 movie, 2 series (synced); 3 movie, 4 series (local). */
  kind: number;
  upstream_id: string | null;
}

/** A page of the catalog for the search index, by public id after `after` (synced items, then local ones). */
export async function searchIndexPage(table: 'synced' | 'local', after: number, limit: number): Promise<SearchIndexRow[]> {
  if (!Number.isSafeInteger(limit)) throw new TypeError('limit must be an integer');
  return query<SearchIndexRow>(
    table === 'synced'
      ? `SELECT s.public_id, ${SYNCED_KEY} AS sort_key, s.search_text AS t,
                CASE s.stream_type WHEN 'live' THEN 0 WHEN 'vod' THEN 1 ELSE 2 END AS kind, s.upstream_server_id AS upstream_id
           FROM synced_content s WHERE s.public_id > $1 ORDER BY s.public_id LIMIT ${limit}`
      : `SELECT l.public_id, ${LOCAL_KEY} AS sort_key, l.search_text AS t,
                CASE l.content_type WHEN 'movie' THEN 3 ELSE 4 END AS kind, NULL::uuid AS upstream_id
           FROM local_content l WHERE l.public_id > $1 ORDER BY l.public_id LIMIT ${limit}`,
    [after],
  );
}

/** The admin's renames, normalised: the index finds a renamed item by its new name. */
export async function renamedSearchTexts(): Promise<{ public_id: number; t: string }[]> {
  return query('SELECT public_id, np_search_text(name) AS t FROM item_overrides WHERE name IS NOT NULL');
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
    detailsOf(`SELECT * FROM (${parts.join(' UNION ALL ')}) items ORDER BY sort_key, public_id LIMIT ${limit} OFFSET ${offset}`),
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
