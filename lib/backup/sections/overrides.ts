import { z } from 'zod';
import { readTable, writeRows } from '@/db/queries/backup';
import { defineSection, toDocument, toRow } from '../section';

const categoryOverride = z.strictObject({
  categoryId: z.number().int().min(1),
  name: z.string().max(255).nullable(),
  hidden: z.boolean(),
  position: z.number().int().nullable(),
});
const itemOverride = z.strictObject({
  publicId: z.number().int().min(1),
  name: z.string().max(500).nullable(),
  hidden: z.boolean(),
  categoryId: z.number().int().min(1).nullable(),
  channelNumber: z.number().int().min(1).nullable(),
  logo: z.string().max(2000).nullable(),
  epgChannelId: z.string().max(255).nullable(),
});

export const overridesSection = defineSection({
  name: 'overrides',
  schema: z.strictObject({ categories: z.array(categoryOverride), items: z.array(itemOverride) }),
  async read() {
    return {
      categories: (await readTable('category_overrides')).map((r) => toDocument(r, ['category_id']) as z.infer<typeof categoryOverride>),
      items: (await readTable('item_overrides')).map((r) => toDocument(r, ['public_id', 'category_id']) as z.infer<typeof itemOverride>),
    };
  },
  async write(data) {
    return (await writeRows('category_overrides', data.categories.map(toRow))) + (await writeRows('item_overrides', data.items.map(toRow)));
  },
});
