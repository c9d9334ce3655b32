import { z } from 'zod';
import { httpUrlOf } from '@/lib/validation/http-url';

// Shared by the /epg page and /api/epg/*. Imports only zod.
const httpUrl = httpUrlOf(1000);

const fields = {
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  url: httpUrl,
  priority: z.number().int('must be a whole number').min(0, 'must be at least 0').max(1000, 'must be at most 1000'),
  enabled: z.boolean(),
  refreshHours: z.number().int('must be a whole number').min(1, 'must be at least 1').max(168, 'must be at most 168 (a week)'),
};

export const createSourceSchema = z.strictObject({
  name: fields.name,
  url: fields.url,
  priority: fields.priority.default(0),
  enabled: fields.enabled.default(true),
  refreshHours: fields.refreshHours.default(12),
});
export type CreateSourceInput = z.infer<typeof createSourceSchema>;

export const updateSourceSchema = z.strictObject(fields).partial();
export type UpdateSourceInput = z.infer<typeof updateSourceSchema>;

const guideId = z.string().trim().min(1, 'required').max(255, 'must be at most 255 characters');

/**
 * PUT /api/epg/channels/{publicId}: a pin `{sourceId, epgChannelId}`, a dummy guide `{dummy: true}`,
 * an offset `{offsetMinutes}` (alone or with either), or `{pinned: false}` to let auto-match decide again.
 */
export const channelMappingSchema = z
  .strictObject({
    sourceId: z.uuid('must be a source id').optional(),
    epgChannelId: guideId.optional(),
    dummy: z.literal(true, 'must be true').optional(),
    pinned: z.literal(false, 'must be false').optional(),
    offsetMinutes: z.number().int('must be a whole number').min(-1440, 'must be at least -1440').max(1440, 'must be at most 1440').optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.sourceId === undefined) !== (v.epgChannelId === undefined)) {
      const missing = v.sourceId === undefined ? 'sourceId' : 'epgChannelId';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'required with ' + (missing === 'sourceId' ? 'epgChannelId' : 'sourceId') });
    }
    const kinds = [v.sourceId !== undefined, v.dummy !== undefined, v.pinned !== undefined].filter(Boolean).length;
    if (kinds > 1) ctx.addIssue({ code: 'custom', path: ['dummy'], message: 'a pin, a dummy guide and unpinning exclude each other' });
    if (kinds === 0 && v.offsetMinutes === undefined) ctx.addIssue({ code: 'custom', path: ['sourceId'], message: 'give sourceId and epgChannelId, dummy, offsetMinutes or pinned' });
  });
export type ChannelMappingInput = z.infer<typeof channelMappingSchema>;

export interface EpgSourceView {
  id: string;
  name: string;
  /** The URL with its credentials masked; null for an upstream's own guide. */
  url: string | null;
  upstreamId: string | null;
  priority: number;
  enabled: boolean;
  refreshHours: number;
  status: string;
  lastRefreshAt: string | null;
  lastSuccessAt: string | null;
  error: string | null;
  channels: number;
  programmes: number;
}

export interface ChannelMappingView {
  publicId: number;
  name: string;
  ownEpgChannelId: string | null;
  epgChannelId: string | null;
  sourceId: string | null;
  sourceName: string | null;
  matchedBy: 'id' | 'name' | 'manual' | 'dummy' | null;
  score: number | null;
  pinned: boolean;
  offsetMinutes: number;
}

/** POST /api/epg/match takes no fields. */
export const matchNowSchema = z.strictObject({});
