import { liveGuideItem } from '@/db/queries/epg-map';
import { guidesOf, type GuideEntry } from './channel-guide';

const DEFAULT_SHORT_LIMIT = 4;
const MAX_LIMIT = 1000;
const WHOLE_WINDOW = 10_000;

const b64 = (text: string | null) => Buffer.from(text ?? '', 'utf8').toString('base64');
const sqlTime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
const epoch = (d: Date) => String(Math.floor(d.getTime() / 1000));

function listing(row: GuideEntry, streamId: number, channelId: string | null) {
  return {
    id: String(row.id),
    epg_id: '1',
    title: b64(row.title),
    lang: row.lang ?? '',
    start: sqlTime(row.start),
    end: sqlTime(row.stop),
    description: b64(row.description),
    channel_id: channelId || row.channelId,
    start_timestamp: epoch(row.start),
    stop_timestamp: epoch(row.stop),
    stream_id: String(streamId),
  };
}

async function channelGuide(streamId: number, upcomingOnly: boolean, limit: number, now: number) {
  const item = await liveGuideItem(streamId);
  if (!item) return null;
  const guide = await guidesOf([{ publicId: streamId, name: item.name }], { upcomingOnly, limit, now });
  return { item, entries: guide.get(streamId) ?? [] };
}

/** `get_short_epg` (XTREAM.md §3): the current and next `limit` programmes of a live channel. */
export async function shortEpg(streamId: number, limit?: number, now = Date.now()): Promise<{ epg_listings: unknown[] }> {
  const n = Math.min(MAX_LIMIT, limit && limit > 0 ? limit : DEFAULT_SHORT_LIMIT);
  const guide = await channelGuide(streamId, true, n, now);
  return { epg_listings: (guide?.entries ?? []).map((r) => listing(r, streamId, guide?.item.epg_channel_id ?? null)) };
}

/** `get_simple_data_table`: the whole stored window, with `now_playing` and `has_archive`. */
export async function simpleDataTable(streamId: number, now = Date.now()): Promise<{ epg_listings: unknown[] }> {
  const guide = await channelGuide(streamId, false, WHOLE_WINDOW, now);
  if (!guide) return { epg_listings: [] };
  const { item } = guide;
  const archiveFrom = now - item.tv_archive_duration * 86_400_000;
  return {
    epg_listings: guide.entries.map((r) => {
      const past = r.stop.getTime() <= now;
      return {
        ...listing(r, streamId, item.epg_channel_id),
        now_playing: r.start.getTime() <= now && now < r.stop.getTime() ? 1 : 0,
        has_archive: item.tv_archive && past && r.start.getTime() >= archiveFrom ? 1 : 0,
      };
    }),
  };
}
