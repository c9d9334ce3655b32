import { z } from 'zod';
import { readTable, writeRows } from '@/db/queries/backup';
import { defineSection } from '../section';

const row = z.strictObject({
  id: z.guid(),
  name: z.string().min(1).max(100),
  addItems: z.array(z.number().int().min(1)),
  removeItems: z.array(z.number().int().min(1)),
  /** Category ids in the bouquet's order. */
  categoryIds: z.array(z.number().int().min(1)),
});

export const bouquetsSection = defineSection({
  name: 'bouquets',
  schema: z.array(row),
  async read() {
    const cats = new Map<string, { id: number; position: number }[]>();
    for (const bc of await readTable('bouquet_categories')) {
      const list = cats.get(bc.bouquet_id as string) ?? [];
      list.push({ id: Number(bc.category_id), position: Number(bc.position) });
      cats.set(bc.bouquet_id as string, list);
    }
    return (await readTable('bouquets')).map((r) => ({
      id: r.id as string,
      name: r.name as string,
      addItems: ((r.add_items as string[]) ?? []).map(Number),
      removeItems: ((r.remove_items as string[]) ?? []).map(Number),
      categoryIds: (cats.get(r.id as string) ?? []).sort((a, b) => a.position - b.position).map((c) => c.id),
    }));
  },
  async write(rows) {
    const n = await writeRows(
      'bouquets',
      rows.map((r) => ({ id: r.id, name: r.name, add_items: r.addItems, remove_items: r.removeItems })),
    );
    await writeRows(
      'bouquet_categories',
      rows.flatMap((r) => r.categoryIds.map((category_id, position) => ({ bouquet_id: r.id, category_id, position }))),
    );
    return n;
  },
});
