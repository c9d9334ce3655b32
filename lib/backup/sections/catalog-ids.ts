import { z } from 'zod';
import { readTable, writeRows } from '@/db/queries/backup';
import { defineSection } from '../section';

// The ids players and the other sections hold: categories (bouquets and overrides point at them) and
// the public id of every upstream item ever seen. With these in place, the first sync on the new
// panel gives every item the public id it had, so favourites, overrides and rules still match.
const category = z.strictObject({
  id: z.number().int().min(1),
  upstreamId: z.guid().nullable(),
  type: z.enum(['live', 'vod', 'series']),
  upstreamCategoryId: z.string().max(64).nullable(),
  name: z.string().max(255),
  parentId: z.number().int(),
  sortOrder: z.number().int(),
});
const publicId = z.strictObject({
  publicId: z.number().int().min(1),
  upstreamId: z.guid(),
  type: z.enum(['live', 'vod', 'series', 'episode']),
  upstreamItemId: z.string().min(1).max(100),
});

export const catalogIdsSection = defineSection({
  name: 'catalogIds',
  schema: z.strictObject({ categories: z.array(category), publicIds: z.array(publicId) }),
  async read() {
    const categories = (await readTable('categories')).map((r) => ({
      id: Number(r.id),
      upstreamId: (r.upstream_server_id as string | null) ?? null,
      type: r.category_type as 'live' | 'vod' | 'series',
      upstreamCategoryId: (r.upstream_category_id as string | null) ?? null,
      name: r.name as string,
      parentId: Number(r.parent_id),
      sortOrder: Number(r.sort_order),
    }));
    const publicIds = (await readTable('public_ids')).map((r) => ({
      publicId: Number(r.public_id),
      upstreamId: r.upstream_server_id as string,
      type: r.item_type as 'live' | 'vod' | 'series' | 'episode',
      upstreamItemId: r.upstream_item_id as string,
    }));
    return { categories, publicIds };
  },
  async write(data) {
    const a = await writeRows(
      'categories',
      data.categories.map((c) => ({ id: c.id, upstream_server_id: c.upstreamId, category_type: c.type, upstream_category_id: c.upstreamCategoryId, name: c.name, parent_id: c.parentId, sort_order: c.sortOrder })),
    );
    const b = await writeRows(
      'public_ids',
      data.publicIds.map((p) => ({ public_id: p.publicId, upstream_server_id: p.upstreamId, item_type: p.type, upstream_item_id: p.upstreamItemId })),
    );
    return a + b;
  },
});
