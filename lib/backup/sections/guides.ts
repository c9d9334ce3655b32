import { z } from 'zod';
import { readSealedSourceUrls, readTable, writeRows } from '@/db/queries/backup';
import { decryptSecret, encryptSecret } from '@/lib/crypto/secret-box';
import { defineSection } from '../section';

// Guide sources (docs/epg.md) and each channel's guide mapping: matches, pins, dummies, offsets. A
// source's URL may carry credentials: sealed with the passphrase like the upstream passwords.
const source = z.strictObject({
  id: z.guid(),
  name: z.string().min(1).max(100),
  /** Sealed; null for an upstream's own guide or a backup made without a passphrase. */
  url: z.string().max(20_000).nullable(),
  upstreamId: z.guid().nullable(),
  priority: z.number().int().min(0).max(1000),
  enabled: z.boolean(),
  refreshHours: z.number().int().min(1).max(168),
});
const mapping = z.strictObject({
  publicId: z.number().int().min(1),
  sourceId: z.guid().nullable(),
  epgChannelId: z.string().max(255).nullable(),
  matchedBy: z.enum(['id', 'name', 'manual', 'dummy']).nullable(),
  score: z.number().nullable(),
  pinned: z.boolean(),
  dummy: z.boolean(),
  offsetMinutes: z.number().int().min(-1440).max(1440),
});

export const guidesSection = defineSection({
  name: 'guides',
  schema: z.strictObject({ sources: z.array(source), mappings: z.array(mapping) }),
  async read(ctx) {
    const sources = (await readTable('epg_sources')).map((r) => ({
      id: r.id as string,
      name: r.name as string,
      url: r.url_encrypted ? ctx.seal(decryptSecret(r.url_encrypted as string)) : null,
      upstreamId: (r.upstream_server_id as string | null) ?? null,
      priority: Number(r.priority),
      enabled: r.enabled as boolean,
      refreshHours: Number(r.refresh_hours),
    }));
    const mappings = (await readTable('epg_channel_map')).map((r) => ({
      publicId: Number(r.public_id),
      sourceId: (r.source_id as string | null) ?? null,
      epgChannelId: (r.epg_channel_id as string | null) ?? null,
      matchedBy: (r.matched_by as 'id' | 'name' | 'manual' | 'dummy' | null) ?? null,
      score: r.score === null || r.score === undefined ? null : Number(r.score),
      pinned: r.pinned as boolean,
      dummy: r.dummy as boolean,
      offsetMinutes: Number(r.offset_minutes),
    }));
    return { sources, mappings };
  },
  async write(data, ctx) {
    const kept = await readSealedSourceUrls(data.sources.map((s) => s.id));
    const n = await writeRows(
      'epg_sources',
      data.sources.map((s) => {
        const url = ctx.open(s.url);
        // A URL source without its URL (no passphrase) comes back switched off, to be edited.
        const sealed = url !== null ? encryptSecret(url) : (kept.get(s.id) ?? null);
        return { id: s.id, name: s.name, url_encrypted: sealed, upstream_server_id: s.upstreamId, priority: s.priority, enabled: s.upstreamId || sealed ? s.enabled : false, refresh_hours: s.refreshHours };
      }),
    );
    await writeRows(
      'epg_channel_map',
      data.mappings.map((m) => ({ public_id: m.publicId, source_id: m.sourceId, epg_channel_id: m.epgChannelId, matched_by: m.matchedBy, score: m.score, pinned: m.pinned, dummy: m.dummy, offset_minutes: m.offsetMinutes })),
    );
    return n;
  },
});
