import { query, transaction } from '../client';

export interface BouquetRow {
  id: string;
  name: string;
  add_items: number[];
  remove_items: number[];
  created_at: Date;
  updated_at: Date;
  /** Categories in order, with their type. */
  categories: { categoryId: number; type: 'live' | 'vod' | 'series' }[];
  line_count: number;
}

const SELECT = `
  SELECT b.id, b.name, b.add_items, b.remove_items, b.created_at, b.updated_at,
         coalesce((SELECT json_agg(json_build_object('categoryId', bc.category_id, 'type', c.category_type) ORDER BY bc.position)
                     FROM bouquet_categories bc JOIN categories c ON c.id = bc.category_id WHERE bc.bouquet_id = b.id), '[]'::json) AS categories,
         (SELECT count(*)::int FROM line_bouquets lb WHERE lb.bouquet_id = b.id) AS line_count
    FROM bouquets b`;

const numbers = (row: BouquetRow): BouquetRow => ({ ...row, add_items: row.add_items.map(Number), remove_items: row.remove_items.map(Number) });

export async function listBouquetRows(limit: number, offset: number): Promise<{ rows: BouquetRow[]; total: number }> {
  const rows = await query<BouquetRow>(`${SELECT} ORDER BY b.name, b.id LIMIT $1 OFFSET $2`, [limit, offset]);
  const [{ n }] = await query<{ n: number }>('SELECT count(*)::int AS n FROM bouquets');
  return { rows: rows.map(numbers), total: n };
}

export async function allBouquetRows(): Promise<BouquetRow[]> {
  return (await query<BouquetRow>(`${SELECT} ORDER BY b.name, b.id`)).map(numbers);
}

export async function findBouquetRow(id: string): Promise<BouquetRow | undefined> {
  const [row] = await query<BouquetRow>(`${SELECT} WHERE b.id = $1`, [id]);
  return row && numbers(row);
}

export async function findBouquetByName(name: string): Promise<{ id: string } | undefined> {
  const [row] = await query<{ id: string }>('SELECT id FROM bouquets WHERE lower(name) = lower($1)', [name]);
  return row;
}

export async function existingBouquetIds(ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await query<{ id: string }>('SELECT id FROM bouquets WHERE id = ANY($1::uuid[])', [ids]);
  return rows.map((r) => r.id);
}

export interface BouquetFields {
  name?: string;
  addItems?: number[];
  removeItems?: number[];
  categoryIds?: number[];
}

/** Creates or updates a bouquet and its ordered categories in one transaction; answers its id. */
export async function saveBouquet(id: string | null, f: BouquetFields): Promise<string | undefined> {
  return transaction(async () => {
    let bouquetId = id;
    if (bouquetId === null) {
      const [row] = await query<{ id: string }>('INSERT INTO bouquets (name, add_items, remove_items) VALUES ($1, $2, $3) RETURNING id', [
        f.name, f.addItems ?? [], f.removeItems ?? [],
      ]);
      bouquetId = row.id;
    } else {
      const [row] = await query<{ id: string }>(
        `UPDATE bouquets SET name = coalesce($2, name), add_items = coalesce($3, add_items), remove_items = coalesce($4, remove_items), updated_at = now()
          WHERE id = $1 RETURNING id`,
        [bouquetId, f.name ?? null, f.addItems ?? null, f.removeItems ?? null],
      );
      if (!row) return undefined;
    }
    if (f.categoryIds) {
      await query('DELETE FROM bouquet_categories WHERE bouquet_id = $1', [bouquetId]);
      if (f.categoryIds.length) {
        await query(
          `INSERT INTO bouquet_categories (bouquet_id, category_id, position)
           SELECT $1, c.id, c.pos FROM unnest($2::int[]) WITH ORDINALITY AS c(id, pos)`,
          [bouquetId, f.categoryIds],
        );
      }
    }
    return bouquetId;
  });
}

export async function deleteBouquetRow(id: string): Promise<boolean> {
  const rows = await query('DELETE FROM bouquets WHERE id = $1 RETURNING id', [id]);
  return rows.length > 0;
}

export async function countBouquetLines(id: string): Promise<number> {
  const [{ n }] = await query<{ n: number }>('SELECT count(*)::int AS n FROM line_bouquets WHERE bouquet_id = $1', [id]);
  return n;
}

/** A line's bouquets, in order. */
export async function lineBouquetIds(lineId: string): Promise<string[]> {
  const rows = await query<{ bouquet_id: string }>('SELECT bouquet_id FROM line_bouquets WHERE line_id = $1 ORDER BY position', [lineId]);
  return rows.map((r) => r.bouquet_id);
}

export async function lineBouquetIdsOf(lineIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (lineIds.length === 0) return out;
  const rows = await query<{ line_id: string; bouquet_id: string }>(
    'SELECT line_id, bouquet_id FROM line_bouquets WHERE line_id = ANY($1::uuid[]) ORDER BY line_id, position',
    [lineIds],
  );
  for (const r of rows) out.set(r.line_id, [...(out.get(r.line_id) ?? []), r.bouquet_id]);
  return out;
}

export async function setLineBouquets(lineId: string, bouquetIds: string[]): Promise<void> {
  await transaction(async () => {
    await query('DELETE FROM line_bouquets WHERE line_id = $1', [lineId]);
    if (bouquetIds.length) {
      await query(
        `INSERT INTO line_bouquets (line_id, bouquet_id, position) SELECT $1, b.id, b.pos FROM unnest($2::uuid[]) WITH ORDINALITY AS b(id, pos)`,
        [lineId, bouquetIds],
      );
    }
  });
}
