import { z } from 'zod';

// Shared by /api/content and the /content-browser page. Imports only zod.

export const contentTypeSchema = z.enum(['live', 'movie', 'series']);
export const contentSourceSchema = z.enum(['upstream', 'local']);
export type ContentType = z.infer<typeof contentTypeSchema>;
export type ContentSource = z.infer<typeof contentSourceSchema>;

/** `GET /api/content` filters; empty values count as absent, so a form can send every field. */
export const contentFilterSchema = z.object({
  q: z.string().trim().max(100, 'must be at most 100 characters').optional(),
  type: contentTypeSchema.optional(),
  source: contentSourceSchema.optional(),
  upstreamId: z.guid('must be an upstream id').optional(),
  categoryId: z.coerce.number('must be a number').int('must be a whole number').min(1, 'must be a category id (1 or more)').max(2_147_483_647, 'is too large').optional(),
});
export type ContentFilter = z.infer<typeof contentFilterSchema>;

export const FILTER_KEYS = ['q', 'type', 'source', 'upstreamId', 'categoryId'] as const;

/** The filters out of a query string, empty values dropped. */
export function filterInput(params: URLSearchParams): Record<string, string> {
  const input: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (value) input[key] = value;
  }
  return input;
}

export interface ContentItemView {
  publicId: number;
  /** What players see: the admin's name, else the provider's after the rename rules. */
  name: string;
  /** The provider's (or the local item's) own name. */
  originalName: string;
  /** Hidden by the admin (out of every list; the public id stays). */
  hidden: boolean;
  /** Live: the admin's channel number, or null. */
  channelNumber: number | null;
  type: ContentType;
  source: ContentSource;
  upstreamId: string | null;
  upstreamName: string | null;
  /** Null when the item has no (live) category: players list it under "Uncategorized". */
  category: string | null;
  categoryId: number | null;
  icon: string | null;
  /** The icon through the panel (`/img/…`), or null. */
  thumb: string | null;
  year: number | null;
  rating: number | null;
  containerExtension: string | null;
  epgChannelId: string | null;
  addedAt: string | null;
  /** No longer in its upstream's list (kept, with its id, until purged). */
  stale: boolean;
  /** Players can open it now: not stale, its upstream (or the local item) active. */
  served: boolean;
}

export interface ContentCategoryView {
  id: number;
  /** "{name} ({upstream})" when several upstreams have a category of that name. */
  name: string;
  type: ContentType;
  upstreamId: string | null;
}

/** `GET /api/content/{publicId}/details?line=`: the account whose stream URL to build. */
export const detailsQuerySchema = z.object({ line: z.uuid('must be a player account id').optional() });
