import { findCategoryRefs, findItemRefs, upsertItemOverride } from '@/db/queries/overrides';
import { bumpCatalogVersion } from '@/lib/catalog-version/version';
import { findContentItem } from './service';
import type { ContentItemView } from './schemas';
import { AppError, notFound } from '@/lib/errors';
import type { ItemPatch } from '@/lib/curation/schemas';

/**
 * `PATCH /api/content/{publicId}`: the admin's name, hidden flag, category, channel number, logo and
 * guide id for an item; null restores the provider's value. Sync never touches them.
 */
export async function updateItem(publicId: number, patch: ItemPatch): Promise<ContentItemView> {
  const [ref] = await findItemRefs([publicId]);
  if (!ref) throw notFound('item');
  if (patch.categoryId !== undefined && patch.categoryId !== null) {
    const [category] = await findCategoryRefs([patch.categoryId]);
    if (!category) throw new AppError('validation_failed', 'categoryId: no such category', { categoryId: 'no such category' });
    if (category.category_type !== ref.kind) throw new AppError('validation_failed', 'categoryId: a category of another type', { categoryId: 'must be a category of the same type as the item' });
  }
  await upsertItemOverride(publicId, {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.hidden !== undefined ? { hidden: patch.hidden ?? false } : {}),
    ...(patch.categoryId !== undefined ? { category_id: patch.categoryId } : {}),
    ...(patch.channelNumber !== undefined ? { channel_number: patch.channelNumber } : {}),
    ...(patch.logo !== undefined ? { logo: patch.logo } : {}),
    ...(patch.epgChannelId !== undefined ? { epg_channel_id: patch.epgChannelId } : {}),
  });
  await bumpCatalogVersion();
  const view = await findContentItem(publicId);
  if (!view) throw notFound('item');
  return view;
}
