import type { ContentItemView } from '@/lib/content-browser/schemas';
import type { ItemPatch } from '@/lib/curation/schemas';

/** The fields of the item dialog that can go back to the provider's value. */
export const RESTORABLE = ['name', 'categoryId', 'channelNumber', 'logo', 'epgChannelId'] as const;
export type Restorable = (typeof RESTORABLE)[number];

export interface ItemDraft {
  name: string;
  hidden: boolean;
  categoryId: number | null;
  /** As typed; empty clears the admin's number. */
  channelNumber: string;
  logo: string;
  epgChannelId: string;
  /** Fields sent as null: the provider's value comes back. */
  restore: readonly Restorable[];
}

export function draftOf(item: ContentItemView): ItemDraft {
  return {
    name: item.name,
    hidden: item.hidden,
    categoryId: item.categoryId,
    channelNumber: item.channelNumber === null ? '' : String(item.channelNumber),
    logo: item.icon ?? '',
    epgChannelId: item.epgChannelId ?? '',
    restore: [],
  };
}

/**
 * The PATCH /api/content/{publicId} body: only what differs from the item as shown, null for a field
 * to restore (an emptied channel number, logo or guide id restores too). A number that is not one is
 * sent as typed text so the API's schema names it.
 */
export function itemPatchOf(item: ContentItemView, d: ItemDraft): ItemPatch {
  const body: Record<string, unknown> = {};
  const restoring = (f: Restorable) => d.restore.includes(f);
  const text = (f: 'logo' | 'epgChannelId', value: string, shown: string | null) => {
    if (restoring(f)) body[f] = null;
    else if (value.trim() !== (shown ?? '')) body[f] = value.trim() || null;
  };
  if (restoring('name')) body.name = null;
  else if (d.name.trim() !== item.name) body.name = d.name.trim();
  if (d.hidden !== item.hidden) body.hidden = d.hidden;
  if (restoring('categoryId')) body.categoryId = null;
  else if (d.categoryId !== item.categoryId && d.categoryId !== null) body.categoryId = d.categoryId;
  if (item.type === 'live') {
    const shown = item.channelNumber === null ? '' : String(item.channelNumber);
    if (restoring('channelNumber')) body.channelNumber = null;
    else if (d.channelNumber.trim() !== shown) body.channelNumber = d.channelNumber.trim() === '' ? null : /^\d+$/.test(d.channelNumber.trim()) ? Number(d.channelNumber.trim()) : d.channelNumber;
    text('epgChannelId', d.epgChannelId, item.epgChannelId);
  }
  text('logo', d.logo, item.icon);
  return body as ItemPatch;
}
