import * as map from '@/db/queries/epg-map';
import { findSource } from '@/db/queries/epg-sources';
import { bumpCatalogVersion } from '@/lib/catalog-version/version';
import { AppError, notFound } from '@/lib/errors';
import { guidesOf } from './channel-guide';
import type { ChannelMappingInput, ChannelMappingView } from './schemas';

function toView(row: map.MappingListRow): ChannelMappingView {
  return {
    publicId: row.public_id,
    name: row.name,
    ownEpgChannelId: row.own_epg_channel_id,
    epgChannelId: row.epg_channel_id,
    sourceId: row.source_id,
    sourceName: row.source_name,
    matchedBy: row.dummy ? 'dummy' : row.source_id ? row.matched_by : null,
    score: row.score,
    pinned: row.pinned,
    offsetMinutes: row.offset_minutes,
  };
}

export interface NowNext {
  now: { title: string; start: string; stop: string } | null;
  next: { title: string; start: string; stop: string } | null;
}

/** GET /api/epg/channels: the mapping table, each row with what is on now and next. */
export async function listChannelMappings(opts: { q?: string; unmatched?: boolean; page: number; pageSize: number }) {
  const { rows, total } = await map.listMappings({ q: opts.q, unmatched: opts.unmatched, limit: opts.pageSize, offset: (opts.page - 1) * opts.pageSize });
  const now = Date.now();
  const guides = await guidesOf(rows.map((r) => ({ publicId: r.public_id, name: r.name })), { upcomingOnly: true, limit: 2, now });
  const slot = (e: { title: string; start: Date; stop: Date } | undefined) => (e ? { title: e.title, start: e.start.toISOString(), stop: e.stop.toISOString() } : null);
  const items = rows.map((r) => {
    const entries = guides.get(r.public_id) ?? [];
    const current = entries[0] && entries[0].start.getTime() <= now ? entries[0] : undefined;
    const next = current ? entries[1] : entries[0];
    return { ...toView(r), nowNext: { now: slot(current), next: slot(next) } satisfies NowNext };
  });
  return { items, total, page: opts.page, pageSize: opts.pageSize };
}

/** PUT /api/epg/channels/{publicId}: a pin, a dummy, an offset or a release; auto-match never undoes the first three. */
export async function setChannelMapping(publicId: number, input: ChannelMappingInput) {
  if (!(await map.liveChannelExists(publicId))) throw notFound('live channel');
  let guideChanged = false;
  if (input.sourceId !== undefined && input.epgChannelId !== undefined) {
    if (!(await findSource(input.sourceId))) throw new AppError('validation_failed', 'sourceId: no such guide source', { sourceId: 'no such guide source' });
    if (!(await map.guideChannelExists(input.sourceId, input.epgChannelId))) {
      throw new AppError('validation_failed', 'epgChannelId: this source has no such channel', { epgChannelId: 'this source has no such channel' });
    }
    await map.setChannelMap(publicId, { kind: 'pin', sourceId: input.sourceId, epgChannelId: input.epgChannelId });
    guideChanged = true;
  } else if (input.dummy) {
    await map.setChannelMap(publicId, { kind: 'dummy' });
    guideChanged = true;
  } else if (input.pinned === false) {
    await map.setChannelMap(publicId, { kind: 'unpin' });
    guideChanged = true;
  }
  if (input.offsetMinutes !== undefined) await map.setChannelMap(publicId, { kind: 'offset', offsetMinutes: input.offsetMinutes });
  // The lists give a channel without its own guide id its mapping's (lib/curation/curated-catalog.ts).
  if (guideChanged) await bumpCatalogVersion();
  const { items } = await listChannelMappingOf(publicId);
  return items[0];
}

async function listChannelMappingOf(publicId: number) {
  const [row] = await map.mapOf([publicId]);
  const item = await map.liveGuideItem(publicId);
  const source = row?.source_id ? await findSource(row.source_id) : undefined;
  return {
    items: [
      toView({
        public_id: publicId,
        name: item?.name ?? '',
        own_epg_channel_id: item?.epg_channel_id ?? null,
        source_id: row?.source_id ?? null,
        source_name: source?.name ?? null,
        epg_channel_id: row?.epg_channel_id ?? null,
        matched_by: row?.matched_by ?? null,
        score: row?.score ?? null,
        pinned: row?.pinned ?? false,
        dummy: row?.dummy ?? false,
        offset_minutes: row?.offset_minutes ?? 0,
      }),
    ],
  };
}

/** The type-ahead of the source channel picker. */
export async function searchSourceChannels(sourceId: string | null, q: string) {
  const rows = await map.searchGuideChannels(sourceId, q, 20);
  return { items: rows.map((r) => ({ sourceId: r.source_id, epgChannelId: r.channel_id, name: r.display_name ?? r.channel_id })) };
}
