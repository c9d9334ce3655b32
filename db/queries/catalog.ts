import { getDatabase, query } from '../client';

export type CatalogKind = 'live' | 'vod' | 'series';

export interface CategoryRow {
  id: number;
  name: string;
  parent_id: number;
  upstream_server_id: string | null;
  upstream_name: string | null;
}

/** Categories players may see: those of active upstreams and the local ones, in a stable order. */
export async function categoryRows(kind: CatalogKind): Promise<CategoryRow[]> {
  return query<CategoryRow>(
    `SELECT c.id, c.name, c.parent_id, c.upstream_server_id, u.name AS upstream_name
       FROM categories c LEFT JOIN upstream_servers u ON u.id = c.upstream_server_id
      WHERE c.category_type = $1 AND c.removed_at IS NULL AND (c.upstream_server_id IS NULL OR u.is_active)
      ORDER BY (c.upstream_server_id IS NULL), u.priority DESC NULLS LAST, u.name, c.sort_order, c.id`,
    [kind],
  );
}

/** The real "Uncategorized" category of a type (created on first use; its id never changes). */
export async function uncategorizedId(kind: CatalogKind): Promise<number> {
  const [row] = await query<{ id: number }>(
    `INSERT INTO categories (category_type, name) VALUES ($1, 'Uncategorized')
     ON CONFLICT (category_type, name) WHERE upstream_server_id IS NULL DO UPDATE SET name = EXCLUDED.name
     RETURNING id`,
    [kind],
  );
  return row.id;
}

/** Local categories are named by the admin; this finds or creates one. */
export async function localCategoryId(kind: CatalogKind, name: string): Promise<number> {
  const [row] = await query<{ id: number }>(
    `INSERT INTO categories (category_type, name) VALUES ($1, $2)
     ON CONFLICT (category_type, name) WHERE upstream_server_id IS NULL DO UPDATE SET removed_at = NULL
     RETURNING id`,
    [kind, name],
  );
  return row.id;
}

export interface CatalogItemRow {
  public_id: number;
  source: 'upstream' | 'local';
  /** null for local content. */
  upstream_server_id: string | null;
  name: string;
  icon: string | null;
  category_id: number | null;
  epg_channel_id: string | null;
  container_extension: string | null;
  tv_archive: boolean;
  tv_archive_duration: number;
  rating: number | null;
  release_year: number | null;
  added_at: Date | null;
  metadata: Record<string, unknown>;
}

const SYNCED = `
  SELECT s.public_id, 'upstream' AS source, s.upstream_server_id, s.name, s.stream_icon AS icon, s.category_id, s.epg_channel_id,
         s.container_extension, s.tv_archive, s.tv_archive_duration, s.rating, s.release_year, s.added_at, s.metadata,
         u.priority, u.name AS upstream_name
    FROM synced_content s JOIN upstream_servers u ON u.id = s.upstream_server_id
   WHERE s.stream_type = $1 AND s.removed_at IS NULL AND u.is_active`;

const LOCAL = `
  SELECT l.public_id, 'local' AS source, NULL::uuid AS upstream_server_id, l.title AS name, l.poster_url AS icon, l.category_id, NULL AS epg_channel_id,
         l.container_extension, false AS tv_archive, 0 AS tv_archive_duration, l.rating, l.release_year,
         l.created_at AS added_at,
         jsonb_build_object('plot', l.description, 'genre', array_to_string(l.genre, ', ')) || l.metadata AS metadata,
         -1 AS priority, '' AS upstream_name
    FROM local_content l
   WHERE l.is_active AND l.content_type = $2`;

function itemsSql(kind: CatalogKind): { sql: string; params: unknown[] } {
  const sql = kind === 'live' ? SYNCED : `${SYNCED} UNION ALL ${LOCAL}`;
  return { sql, params: kind === 'live' ? [kind] : [kind, kind === 'vod' ? 'movie' : 'series'] };
}

const ITEM_ORDER = 'ORDER BY priority DESC, upstream_name, category_id NULLS LAST, name, public_id';

/** Every servable item of a kind, synced and local, in the order players list them. */
export async function catalogItems(kind: CatalogKind): Promise<CatalogItemRow[]> {
  const { sql, params } = itemsSql(kind);
  return query<CatalogItemRow>(`SELECT * FROM (${sql}) items ${ITEM_ORDER}`, params);
}

/**
 * The same items in the same order, handed to `onPage` a page of `pageSize` rows at a time through a
 * cursor: the database never holds the whole kind as one result (PGlite's WebAssembly heap keeps
 * whatever it grew to). `onPage` must not query the database (on PGlite the cursor's transaction
 * holds the one connection).
 */
export async function forEachCatalogPage(kind: CatalogKind, pageSize: number, onPage: (rows: CatalogItemRow[]) => void | Promise<void>): Promise<void> {
  const { sql, params } = itemsSql(kind);
  const db = await getDatabase();
  await db.transaction(async (tx) => {
    await tx.query(`DECLARE catalog_items NO SCROLL CURSOR FOR SELECT * FROM (${sql}) items ${ITEM_ORDER}`, params);
    for (;;) {
      const rows = await tx.query<CatalogItemRow>(`FETCH FORWARD ${Math.max(1, Math.floor(pageSize))} FROM catalog_items`);
      if (rows.length) await onPage(rows);
      if (rows.length < pageSize) break;
    }
    await tx.query('CLOSE catalog_items');
  });
}

/** One servable item of a kind by its public id (absent, removed or of an inactive upstream: undefined). */
export async function catalogItem(kind: CatalogKind, publicId: number): Promise<CatalogItemRow | undefined> {
  const { sql, params } = itemsSql(kind);
  const [row] = await query<CatalogItemRow>(`SELECT * FROM (${sql}) items WHERE public_id = $${params.length + 1}`, [...params, publicId]);
  return row;
}
