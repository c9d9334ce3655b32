import { query } from '../client';
import { searchConditions, searchWords } from './search-match';

// The admin's overrides (migration 0007): never written by sync; a null column is "the provider's value".

export interface CategoryOverrideRow {
  category_id: number;
  name: string | null;
  hidden: boolean;
  position: number | null;
}

export interface ItemOverrideRow {
  public_id: number;
  name: string | null;
  hidden: boolean;
  category_id: number | null;
  channel_number: number | null;
  logo: string | null;
  epg_channel_id: string | null;
}

export async function listCategoryOverrides(): Promise<CategoryOverrideRow[]> {
  return query<CategoryOverrideRow>('SELECT category_id, name, hidden, position FROM category_overrides');
}

export async function listItemOverrides(): Promise<ItemOverrideRow[]> {
  return query<ItemOverrideRow>('SELECT public_id, name, hidden, category_id, channel_number, logo, epg_channel_id FROM item_overrides');
}

export async function findItemOverride(publicId: number): Promise<ItemOverrideRow | undefined> {
  const [row] = await query<ItemOverrideRow>('SELECT public_id, name, hidden, category_id, channel_number, logo, epg_channel_id FROM item_overrides WHERE public_id = $1', [publicId]);
  return row;
}

export type CategoryOverridePatch = Partial<Omit<CategoryOverrideRow, 'category_id'>>;
export type ItemOverridePatch = Partial<Omit<ItemOverrideRow, 'public_id'>>;

const CATEGORY_COLUMNS = ['name', 'hidden', 'position'] as const;
const ITEM_COLUMNS = ['name', 'hidden', 'category_id', 'channel_number', 'logo', 'epg_channel_id'] as const;

/** Sets the given columns (others keep their value, or their default on a new row). */
async function upsert(table: string, key: string, id: number, columns: readonly string[], patch: Record<string, unknown>) {
  const keys = columns.filter((c) => patch[c] !== undefined);
  const params = [id, ...keys.map((k) => patch[k])];
  const insertCols = [key, ...keys].join(', ');
  const values = params.map((_, i) => `$${i + 1}`).join(', ');
  const sets = [...keys.map((k) => `${k} = EXCLUDED.${k}`), 'updated_at = now()'].join(', ');
  await query(`INSERT INTO ${table} (${insertCols}) VALUES (${values}) ON CONFLICT (${key}) DO UPDATE SET ${sets}`, params);
}

export async function upsertCategoryOverride(categoryId: number, patch: CategoryOverridePatch): Promise<void> {
  await upsert('category_overrides', 'category_id', categoryId, CATEGORY_COLUMNS, patch);
}

export async function upsertItemOverride(publicId: number, patch: ItemOverridePatch): Promise<void> {
  await upsert('item_overrides', 'public_id', publicId, ITEM_COLUMNS, patch);
}

export interface AdminCategoryRow {
  id: number;
  category_type: 'live' | 'vod' | 'series';
  name: string;
  override_name: string | null;
  upstream_server_id: string | null;
  upstream_name: string | null;
  hidden: boolean;
  position: number | null;
  item_count: number;
}

/** Categories (not removed) with their overrides and item counts (items moved by an override count where they went). */
export async function listAdminCategoryRows(
  f: { id?: number; kind?: 'live' | 'vod' | 'series'; upstreamId?: string; q?: string },
  limit: number,
  offset: number,
): Promise<{ rows: AdminCategoryRow[]; total: number }> {
  const params: unknown[] = [];
  const where = ['c.removed_at IS NULL'];
  if (f.id !== undefined) where.push(`c.id = $${params.push(f.id)}`);
  if (f.kind) where.push(`c.category_type = $${params.push(f.kind)}`);
  if (f.upstreamId) where.push(`c.upstream_server_id = $${params.push(f.upstreamId)}`);
  if (f.q) {
    const words = searchWords(f.q);
    where.push(...(words.length ? searchConditions('np_search_text(coalesce(o.name, c.name))', words, (v) => `$${params.push(v)}`) : ['false']));
  }
  const from = `FROM categories c LEFT JOIN category_overrides o ON o.category_id = c.id LEFT JOIN upstream_servers u ON u.id = c.upstream_server_id
                WHERE ${where.join(' AND ')}`;
  const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, params);
  const rows = await query<AdminCategoryRow>(
    `SELECT c.id, c.category_type, c.name::text AS name, o.name::text AS override_name, c.upstream_server_id, u.name::text AS upstream_name,
            coalesce(o.hidden, false) AS hidden, o.position,
            (SELECT count(*)::int FROM (
               SELECT 1 FROM synced_content s LEFT JOIN item_overrides io ON io.public_id = s.public_id
                WHERE s.removed_at IS NULL AND coalesce(io.category_id, s.category_id) = c.id
               UNION ALL
               SELECT 1 FROM local_content l LEFT JOIN item_overrides io ON io.public_id = l.public_id
                WHERE l.is_active AND coalesce(io.category_id, l.category_id) = c.id) x) AS item_count
       ${from}
      ORDER BY c.category_type, o.position NULLS LAST, (c.upstream_server_id IS NULL), u.priority DESC NULLS LAST, u.name, c.sort_order, c.id
      LIMIT $${params.push(limit)} OFFSET $${params.push(offset)}`,
    params,
  );
  return { rows, total: n };
}

export interface CategoryRef {
  id: number;
  category_type: 'live' | 'vod' | 'series';
}

export async function findCategoryRefs(ids: number[]): Promise<CategoryRef[]> {
  if (ids.length === 0) return [];
  return query<CategoryRef>('SELECT id, category_type FROM categories WHERE id = ANY($1::int[])', [ids]);
}

export interface ItemRef {
  public_id: number;
  kind: 'live' | 'vod' | 'series';
}

/** Synced or local items by public id, with their kind (episodes are not curated on their own). */
export async function findItemRefs(ids: number[]): Promise<ItemRef[]> {
  if (ids.length === 0) return [];
  return query<ItemRef>(
    `SELECT public_id, stream_type AS kind FROM synced_content WHERE public_id = ANY($1::bigint[])
     UNION ALL
     SELECT public_id, CASE content_type WHEN 'movie' THEN 'vod' ELSE 'series' END FROM local_content WHERE public_id = ANY($1::bigint[])`,
    [ids],
  );
}
