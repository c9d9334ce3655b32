import { z } from 'zod';

// Shared by the curation API routes and the /bouquets and /categories pages. Imports only zod.

export const curatedTypeSchema = z.enum(['live', 'movie', 'series']);
export type CuratedType = z.infer<typeof curatedTypeSchema>;

const publicIdSchema = z.number('must be a public id').int('must be a whole number').min(1, 'must be a public id').max(Number.MAX_SAFE_INTEGER, 'is too large');
const categoryIdSchema = z.number('must be a category id').int('must be a whole number').min(1, 'must be a category id').max(2_147_483_647, 'is too large');

export const categoryFilterSchema = z.object({
  type: curatedTypeSchema.optional(),
  upstreamId: z.guid('must be an upstream id').optional(),
  q: z.string().trim().max(100, 'must be at most 100 characters').optional(),
});

/** `PATCH /api/categories/{id}`: null restores the provider's value. */
export const categoryPatchSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(255, 'must be at most 255 characters').nullable().optional(),
  hidden: z.boolean().nullable().optional(),
  position: z.number().int('must be a whole number').min(0, 'must be 0 or more').max(1_000_000, 'must be at most 1000000').nullable().optional(),
});
export type CategoryPatch = z.infer<typeof categoryPatchSchema>;

/** `PATCH /api/content/{publicId}`: null restores the provider's value. */
export const itemPatchSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters').nullable().optional(),
  hidden: z.boolean().nullable().optional(),
  categoryId: categoryIdSchema.nullable().optional(),
  channelNumber: z.number().int('must be a whole number').min(1, 'must be 1 or more').max(1_000_000, 'must be at most 1000000').nullable().optional(),
  logo: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2000, 'must be at most 2000 characters').nullable().optional(),
  epgChannelId: z.string().trim().min(1, 'must not be empty').max(255, 'must be at most 255 characters').nullable().optional(),
});
export type ItemPatch = z.infer<typeof itemPatchSchema>;

export const renameScopeSchema = z.enum(['item', 'category']);

const ruleFields = {
  pattern: z.string().min(1, 'must not be empty').max(500, 'must be at most 500 characters'),
  replacement: z.string().max(500, 'must be at most 500 characters'),
  scope: renameScopeSchema,
  type: curatedTypeSchema.nullable(),
  upstreamId: z.guid('must be an upstream id').nullable(),
  position: z.number().int('must be a whole number').min(0, 'must be 0 or more').max(1_000_000, 'must be at most 1000000'),
  enabled: z.boolean(),
};

export const renameRuleSchema = z.strictObject({
  pattern: ruleFields.pattern,
  replacement: ruleFields.replacement.default(''),
  scope: ruleFields.scope.default('item'),
  type: ruleFields.type.default(null),
  upstreamId: ruleFields.upstreamId.default(null),
  position: ruleFields.position.default(0),
  enabled: ruleFields.enabled.default(true),
});
export type RenameRuleInput = z.infer<typeof renameRuleSchema>;

export const updateRenameRuleSchema = z.strictObject(ruleFields).partial();
export type UpdateRenameRuleInput = z.infer<typeof updateRenameRuleSchema>;

export const renamePreviewSchema = z.strictObject({
  pattern: ruleFields.pattern,
  replacement: ruleFields.replacement.default(''),
  scope: ruleFields.scope.default('item'),
  type: ruleFields.type.default(null),
  upstreamId: ruleFields.upstreamId.default(null),
});
export type RenamePreviewInput = z.infer<typeof renamePreviewSchema>;

export interface RenameRuleView {
  id: string;
  pattern: string;
  replacement: string;
  scope: 'item' | 'category';
  type: CuratedType | null;
  upstreamId: string | null;
  position: number;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

const bouquetCategorySchema = z.strictObject({ type: curatedTypeSchema, categoryId: categoryIdSchema });
const bouquetFields = {
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  categories: z.array(bouquetCategorySchema).max(5000, 'at most 5000 categories'),
  addItems: z.array(publicIdSchema).max(50_000, 'at most 50000 items'),
  removeItems: z.array(publicIdSchema).max(50_000, 'at most 50000 items'),
};

export const bouquetSchema = z.strictObject({
  name: bouquetFields.name,
  categories: bouquetFields.categories.default([]),
  addItems: bouquetFields.addItems.default([]),
  removeItems: bouquetFields.removeItems.default([]),
});
export type BouquetInput = z.infer<typeof bouquetSchema>;

export const updateBouquetSchema = z.strictObject(bouquetFields).partial();
export type UpdateBouquetInput = z.infer<typeof updateBouquetSchema>;

/** `POST /api/bouquets/preview`: what an account with these bouquets (in order) sees. */
export const bouquetPreviewSchema = z.strictObject({
  bouquetIds: z.array(z.guid('must be a bouquet id')).max(100, 'at most 100 bouquets'),
});

export interface ItemCounts {
  live: number;
  movie: number;
  series: number;
}

export interface BouquetView {
  id: string;
  name: string;
  categories: { type: CuratedType; categoryId: number }[];
  addItems: number[];
  removeItems: number[];
  itemCounts: ItemCounts;
  lineCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface AdminCategoryView {
  id: number;
  type: CuratedType;
  name: string;
  originalName: string;
  source: 'upstream' | 'local';
  upstreamId: string | null;
  upstreamName: string | null;
  hidden: boolean;
  position: number | null;
  itemCount: number;
}
