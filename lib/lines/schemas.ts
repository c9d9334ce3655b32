import { z } from 'zod';
import { canonicalIp } from '@/lib/net/canonical-ip';

// Shared by the /lines form and /api/lines. Imports only zod (and the pure IP parser).
// Clients put these into URL paths unencoded and some cut at ':', hence the narrow alphabet.
export const CREDENTIAL_PATTERN = /^[A-Za-z0-9._@-]+$/;

// First path segments of the panel itself: a line called "live" would make /live/... ambiguous.
export const RESERVED_USERNAMES = [
  'api', 'live', 'movie', 'series', 'timeshift', 'streaming', 'hls', 'login', 'setup', '_next', 'upstream',
  'local-content', 'content-browser', 'api-monitor', 'routing-rules', 'lines', 'users', 'player_api.php',
  'panel_api.php', 'get.php', 'xmltv.php', 'favicon.ico', 'robots.txt',
  // Taken now for the pages and player outputs on their way, so no account ever shadows them.
  'bouquets', 'categories', 'epg', 'audit', 'settings', 'hdhr', 'img', 'preview', 'timeshifts',
];

export const lineUsernameSchema = z
  .string()
  .trim()
  .min(3, 'must be at least 3 characters')
  .max(64, 'must be at most 64 characters')
  .regex(CREDENTIAL_PATTERN, 'use only letters, digits and . _ @ -')
  .refine((v) => !RESERVED_USERNAMES.includes(v.toLowerCase()), 'is reserved by the panel; choose another');

export const linePasswordSchema = z
  .string()
  .min(4, 'must be at least 4 characters')
  .max(64, 'must be at most 64 characters')
  .regex(CREDENTIAL_PATTERN, 'use only letters, digits and . _ @ -');

export const lineStatusSchema = z.enum(['active', 'disabled', 'banned']);
export const outputFormatSchema = z.enum(['ts', 'm3u8']);
export const onLimitSchema = z.enum(['kick_oldest', 'refuse']);

const fields = {
  maxConnections: z.number().int('must be a whole number').min(0, 'must be 0 (unlimited) or more').max(10_000, 'must be at most 10000'),
  expiresAt: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time' }).nullable(),
  isTrial: z.boolean(),
  status: lineStatusSchema,
  allowedOutputFormats: z.array(outputFormatSchema).min(1, 'allow at least one format'),
  onLimit: onLimitSchema,
  notes: z.string().max(2000, 'must be at most 2000 characters').nullable(),
  // In order: the account's catalog is their union in this order (empty: the whole catalog).
  bouquetIds: z.array(z.guid('must be a bouquet id')).max(100, 'at most 100 bouquets').refine((ids) => new Set(ids).size === ids.length, 'lists a bouquet twice'),
};

export const createLineSchema = z.strictObject({
  username: lineUsernameSchema,
  password: linePasswordSchema.optional(),
  maxConnections: fields.maxConnections.default(1),
  expiresAt: fields.expiresAt.default(null),
  isTrial: fields.isTrial.default(false),
  status: fields.status.default('active'),
  allowedOutputFormats: fields.allowedOutputFormats.default(['ts', 'm3u8']),
  onLimit: fields.onLimit.default('kick_oldest'),
  notes: fields.notes.optional(),
  bouquetIds: fields.bouquetIds.optional(),
});
export type CreateLineInput = z.infer<typeof createLineSchema>;

export const updateLineSchema = z.strictObject({
  username: lineUsernameSchema.optional(),
  password: linePasswordSchema.optional(),
  maxConnections: fields.maxConnections.optional(),
  expiresAt: fields.expiresAt.optional(),
  isTrial: fields.isTrial.optional(),
  status: fields.status.optional(),
  allowedOutputFormats: fields.allowedOutputFormats.optional(),
  onLimit: fields.onLimit.optional(),
  notes: fields.notes.optional(),
  bouquetIds: fields.bouquetIds.optional(),
});
export type UpdateLineInput = z.infer<typeof updateLineSchema>;

export interface LineView {
  id: string;
  username: string;
  /** Present for admins on GET /api/lines/{id} and in the create answer. */
  password?: string;
  maxConnections: number;
  activeConnections: number;
  expiresAt: string | null;
  isTrial: boolean;
  status: 'active' | 'disabled' | 'banned';
  /** What players see: Active, Disabled, Banned or Expired. */
  effectiveStatus: 'Active' | 'Disabled' | 'Banned' | 'Expired';
  allowedOutputFormats: ('ts' | 'm3u8')[];
  onLimit: 'kick_oldest' | 'refuse';
  notes: string | null;
  /** The account's last admitted request (any replica, written every few seconds) and its client IP. */
  lastSeenAt: string | null;
  lastIp: string | null;
  /** Client IPs banned for this account alone (GET/POST /api/lines/{id}/bans). */
  bannedIps: string[];
  createdAt: string;
  /** The account's bouquets in order; empty: the whole catalog. */
  bouquetIds: string[];
  playlistUrl?: string;
  xmltvUrl?: string;
  hdhrUrl?: string;
  serverUrl?: string;
}

/** `POST /api/lines/{id}/bans`: one client address (IPv4 or IPv6), stored in its canonical spelling. */
export const lineIpBanSchema = z.strictObject({
  ip: z
    .string('must be an IPv4 or IPv6 address')
    .max(64, 'must be an IPv4 or IPv6 address')
    .refine((v) => canonicalIp(v) !== null, 'must be an IPv4 or IPv6 address (one address, no range or port)')
    .transform((v) => canonicalIp(v)!),
  reason: z.string().trim().max(200, 'must be at most 200 characters').nullable().optional(),
});
export type LineIpBanInput = z.infer<typeof lineIpBanSchema>;

export interface LineIpBanView {
  id: string;
  lineId: string;
  ip: string;
  reason: string | null;
  /** The admin (or API token) who added it. */
  createdBy: string | null;
  createdAt: string;
}
