import { z } from 'zod';

// Shared by the /local-content forms and /api/content/local. Imports only zod.

export const localContentTypeSchema = z.enum(['movie', 'series']);
export type LocalContentType = z.infer<typeof localContentTypeSchema>;

const isHttpUrl = (value: string) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
};

const HTTP_URL = 'must be an http(s) URL';
const httpUrl = z.string().trim().max(2048, 'must be at most 2048 characters').refine(isHttpUrl, HTTP_URL);
/** An http(s) URL, or empty for "none". */
const optionalHttpUrl = z.string().trim().max(2048, 'must be at most 2048 characters').refine((v) => v === '' || isHttpUrl(v), HTTP_URL);
// Players put it after the id in the stream path: letters and digits only.
const containerExtension = z.string().trim().regex(/^[A-Za-z0-9]{1,16}$/, 'use 1–16 letters or digits, e.g. mp4 or mkv');
const description = z.string().max(10_000, 'must be at most 10000 characters').nullable();

const fields = {
  title: z.string().trim().min(1, 'required').max(255, 'must be at most 255 characters'),
  description,
  posterUrl: optionalHttpUrl.nullable(),
  streamUrl: optionalHttpUrl,
  genre: z.array(z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters')).max(20, 'at most 20 genres'),
  releaseYear: z.number().int('must be a whole number').min(1870, 'must be 1870 or later').max(2100, 'must be 2100 or earlier').nullable(),
  rating: z.number().min(0, 'must be between 0 and 10').max(10, 'must be between 0 and 10').nullable(),
  contentType: localContentTypeSchema,
  containerExtension,
  category: z.string().trim().max(255, 'must be at most 255 characters').nullable(),
  isActive: z.boolean(),
};

export const MOVIE_NEEDS_URL = 'a movie needs an http(s) URL';

export const createLocalContentSchema = z
  .strictObject({
    title: fields.title,
    description: fields.description.optional(),
    posterUrl: fields.posterUrl.optional(),
    streamUrl: fields.streamUrl.default(''),
    genre: fields.genre.default([]),
    releaseYear: fields.releaseYear.optional(),
    rating: fields.rating.optional(),
    contentType: fields.contentType.default('movie'),
    containerExtension: fields.containerExtension.optional(),
    category: fields.category.optional(),
    isActive: fields.isActive.default(true),
  })
  .superRefine((v, ctx) => {
    if (v.contentType === 'movie' && v.streamUrl === '') ctx.addIssue({ code: 'custom', path: ['streamUrl'], message: MOVIE_NEEDS_URL });
  });
export type CreateLocalContentInput = z.infer<typeof createLocalContentSchema>;

// A movie without a URL is checked against the stored type in the service.
export const updateLocalContentSchema = z.strictObject(fields).partial();
export type UpdateLocalContentInput = z.infer<typeof updateLocalContentSchema>;

export const localContentSearchSchema = z.object({
  type: localContentTypeSchema.optional(),
  q: z.string().trim().max(100, 'must be at most 100 characters').optional(),
});

const episodeFields = {
  season: z.number().int('must be a whole number').min(0, 'must be 0 or more').max(1000, 'must be at most 1000'),
  episode: z.number().int('must be a whole number').min(0, 'must be 0 or more').max(100_000, 'must be at most 100000'),
  title: fields.title,
  streamUrl: httpUrl,
  containerExtension,
  description,
};

export const createLocalEpisodeSchema = z.strictObject({
  season: episodeFields.season,
  episode: episodeFields.episode,
  title: episodeFields.title,
  streamUrl: episodeFields.streamUrl,
  containerExtension: episodeFields.containerExtension.optional(),
  description: episodeFields.description.optional(),
});
export type CreateLocalEpisodeInput = z.infer<typeof createLocalEpisodeSchema>;

export const updateLocalEpisodeSchema = createLocalEpisodeSchema.partial();
export type UpdateLocalEpisodeInput = z.infer<typeof updateLocalEpisodeSchema>;

export interface LocalContentView {
  id: string;
  /** What players see as stream_id / series_id. */
  publicId: number;
  title: string;
  description: string | null;
  posterUrl: string | null;
  streamUrl: string;
  genre: string[];
  releaseYear: number | null;
  rating: number | null;
  contentType: LocalContentType;
  containerExtension: string;
  /** The category's name; null is "Uncategorized". */
  category: string | null;
  isActive: boolean;
  /** Episodes of a series; null for a movie. */
  episodeCount: number | null;
  createdAt: string;
  updatedAt: string;
}

// The episodes panel reads GET .../episodes in the browser and checks the answer with this.
export const localEpisodeViewSchema = z.object({
  id: z.string(),
  contentId: z.string(),
  publicId: z.number(),
  season: z.number(),
  episode: z.number(),
  title: z.string(),
  description: z.string().nullable(),
  streamUrl: z.string(),
  containerExtension: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type LocalEpisodeView = z.infer<typeof localEpisodeViewSchema>;

export const localEpisodeListSchema = z.object({
  items: z.array(localEpisodeViewSchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
