import { z } from 'zod';
import { httpUrlOf } from '@/lib/validation/http-url';

// Shared by the /upstream form and /api/upstream. Imports only zod.
const httpUrl = httpUrlOf(500);

const credentials = {
  serverUrl: httpUrl,
  username: z.string().trim().min(1, 'required').max(100, 'must be at most 100 characters'),
  password: z.string().min(1, 'required').max(200, 'must be at most 200 characters'),
};

const settings = {
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  isActive: z.boolean(),
  timeoutSeconds: z.number().int('must be a whole number').min(5, 'must be at least 5').max(300, 'must be at most 300'),
  priority: z.number().int('must be a whole number').min(0, 'must be at least 0').max(1000, 'must be at most 1000'),
  userAgent: z.string().trim().max(300, 'must be at most 300 characters').regex(/^[\x20-\x7e]*$/, 'must be printable ASCII on one line').nullable(),
  maxConnections: z.number().int('must be a whole number').min(0, 'must be at least 0').max(10_000).nullable(),
  syncIntervalMinutes: z.number().int('must be a whole number').min(0, 'must be at least 0').max(10_080, 'must be at most 10080 (a week)'),
};

/** The settings both kinds of upstream take on create, with their defaults. */
const createSettings = {
  isActive: settings.isActive.default(true),
  timeoutSeconds: settings.timeoutSeconds.default(30),
  priority: settings.priority.default(0),
  userAgent: settings.userAgent.optional(),
  maxConnections: settings.maxConnections.optional(),
  syncIntervalMinutes: settings.syncIntervalMinutes.default(360),
};

export const testUpstreamSchema = z.strictObject({
  ...credentials,
  timeoutSeconds: settings.timeoutSeconds.optional(),
  userAgent: settings.userAgent.optional(),
});

export const createUpstreamSchema = z.strictObject({
  kind: z.literal('xtream', 'must be "xtream" or "m3u"').optional(),
  ...credentials,
  name: settings.name.optional(),
  ...createSettings,
});
export type CreateXtreamUpstreamInput = z.infer<typeof createUpstreamSchema>;

const guideUrl = z.union([z.literal(''), httpUrlOf(1000)], 'must be an http(s) URL').transform((v) => v || null).nullable();

/** `kind: "m3u"`: a playlist URL (plain or gzip) and optionally its guide's URL (API.md "Sources and guides"). */
export const createM3uUpstreamSchema = z.strictObject({
  kind: z.literal('m3u'),
  name: settings.name,
  playlistUrl: httpUrlOf(2000),
  epgUrl: guideUrl.optional(),
  ...createSettings,
});
export type CreateM3uUpstreamInput = z.infer<typeof createM3uUpstreamSchema>;
export type CreateUpstreamInput = CreateXtreamUpstreamInput | CreateM3uUpstreamInput;

/** The create schema a body asks for by its `kind`. */
export const createSchemaFor = (body: unknown) =>
  body !== null && typeof body === 'object' && (body as { kind?: unknown }).kind === 'm3u' ? createM3uUpstreamSchema : createUpstreamSchema;

/** Any subset; an omitted (or empty) password keeps the stored one. */
export const updateUpstreamSchema = z.strictObject({
  /** M3U upstreams only. */
  playlistUrl: httpUrlOf(2000).optional(),
  epgUrl: guideUrl.optional(),
  serverUrl: credentials.serverUrl.optional(),
  username: credentials.username.optional(),
  password: z.string().max(200, 'must be at most 200 characters').optional(),
  ...Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof settings]: z.ZodOptional<(typeof settings)[K]>;
  },
});
export type UpdateUpstreamInput = z.infer<typeof updateUpstreamSchema>;

export interface UpstreamView {
  id: string;
  kind: 'xtream' | 'm3u';
  name: string;
  /** M3U: the playlist URL with its credentials masked; null for Xtream. */
  playlistUrl: string | null;
  epgUrl: string | null;
  serverUrl: string;
  username: string;
  isActive: boolean;
  timeoutSeconds: number;
  priority: number;
  userAgent: string | null;
  maxConnections: number | null;
  providerMaxConnections: number | null;
  activeConnections: number;
  expiresAt: string | null;
  syncIntervalMinutes: number;
  lastSyncAt: string | null;
  lastSyncStatus: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  /** The last connection test or stream open: when, and its error in words (null: it worked). */
  lastTestAt: string | null;
  lastTestError: string | null;
  counts: { live: number; vod: number; series: number };
  createdAt: string;
}
