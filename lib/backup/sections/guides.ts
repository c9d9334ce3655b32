import { z } from 'zod';
import { readTable, upsertUpstreamGuideSource, writeRows } from '@/db/queries/backup';
import { decryptSecret, encryptSecret } from '@/lib/crypto/secret-box';
import { defineSection } from '../section';

const source = z.strictObject({
  id: z.guid(),
  name: z.string().min(1).max(100),
  /** Set for an upstream's own guide (no URL of its own). */
  upstreamServerId: z.guid().nullable(),
  /** A URL source's URL sealed with the backup passphrase (it may hold credentials); null without one. */
  url: z.string().max(6000).nullable(),
  priority: z.number().int().min(0).max(1000),
  enabled: z.boolean(),
  refreshHours: z.number().int().min(1).max(168),
});
const pin = z.strictObject({
  publicId: z.number().int().positive(),
  sourceId: z.guid().nullable(),
  epgChannelId: z.string().max(255).nullable(),
  matchedBy: z.enum(['id', 'name', 'manual', 'dummy']).nullable(),
  pinned: z.boolean(),
  dummy: z.boolean(),
  offsetMinutes: z.number().int().min(-1440).max(1440),
});

/**
 * Guide sources (URL sources with their URLs sealed; each upstream's own source with its priority and
 * switch) and the admin's channel choices (pins, dummy guides, offsets). Auto-matched rows are not
 * carried: the next auto-match makes them again. Programmes are not configuration: a restored source
 * downloads its guide at its next refresh.
 */
export const guidesSection = defineSection({
  name: 'guides',
  schema: z.strictObject({ sources: z.array(source).max(1000), pins: z.array(pin).max(1_000_000) }),
  async read(ctx) {
    const sources = (await readTable('epg_sources')).map((r) => ({
      id: r.id as string,
      name: r.name as string,
      upstreamServerId: (r.upstream_server_id as string | null) ?? null,
      url: r.url_encrypted ? ctx.seal(decryptSecret(r.url_encrypted as string)) : null,
      priority: r.priority as number,
      enabled: r.enabled as boolean,
      refreshHours: r.refresh_hours as number,
    }));
    const pins = (await readTable('epg_channel_map', 'WHERE pinned OR offset_minutes <> 0')).map((r) => ({
      publicId: Number(r.public_id),
      sourceId: (r.source_id as string | null) ?? null,
      epgChannelId: (r.epg_channel_id as string | null) ?? null,
      matchedBy: (r.matched_by as z.infer<typeof pin>['matchedBy']) ?? null,
      pinned: r.pinned as boolean,
      dummy: r.dummy as boolean,
      offsetMinutes: r.offset_minutes as number,
    }));
    return { sources, pins };
  },
  async write(data, ctx) {
    const ids = new Map<string, string>(); // document source id → the row's id here
    const urlSources = [];
    for (const s of data.sources) {
      if (s.upstreamServerId) {
        ids.set(s.id, await upsertUpstreamGuideSource({ upstreamServerId: s.upstreamServerId, name: s.name, priority: s.priority, enabled: s.enabled }));
        continue;
      }
      const url = ctx.open(s.url);
      if (url === null) continue; // a URL source is nothing without its URL (backup made without a passphrase)
      ids.set(s.id, s.id);
      urlSources.push({ id: s.id, name: s.name, url_encrypted: encryptSecret(url), upstream_server_id: null, priority: s.priority, enabled: s.enabled, refresh_hours: s.refreshHours });
    }
    let written = ids.size - urlSources.length + (await writeRows('epg_sources', urlSources));
    written += await writeRows(
      'epg_channel_map',
      data.pins.map((p) => ({
        public_id: p.publicId,
        source_id: p.sourceId ? (ids.get(p.sourceId) ?? null) : null,
        epg_channel_id: p.sourceId && ids.has(p.sourceId) ? p.epgChannelId : null,
        matched_by: p.sourceId && !ids.has(p.sourceId) && p.matchedBy === 'manual' ? null : p.matchedBy,
        score: null,
        pinned: p.sourceId && !ids.has(p.sourceId) ? p.dummy : p.pinned,
        dummy: p.dummy,
        offset_minutes: p.offsetMinutes,
      })),
    );
    return written;
  },
});
