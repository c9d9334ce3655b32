import { channelProgrammes, type ChannelProgrammeRow } from '@/db/queries/epg';

const DEFAULT_SHORT_LIMIT = 4;
const MAX_LIMIT = 1000;
const WHOLE_WINDOW = 10_000;

const b64 = (text: string | null) => Buffer.from(text ?? '', 'utf8').toString('base64');
const sqlTime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
const epoch = (d: Date) => String(Math.floor(d.getTime() / 1000));

function listing(row: ChannelProgrammeRow, streamId: number) {
  return {
    id: String(row.id),
    epg_id: '1',
    title: b64(row.title),
    lang: row.lang ?? '',
    start: sqlTime(row.start_at),
    end: sqlTime(row.stop_at),
    description: b64(row.description),
    channel_id: row.channel_id,
    start_timestamp: epoch(row.start_at),
    stop_timestamp: epoch(row.stop_at),
    stream_id: String(streamId),
  };
}

/** `get_short_epg` (XTREAM.md §3): the current and next `limit` programmes of a live channel. */
export async function shortEpg(streamId: number, limit?: number): Promise<{ epg_listings: unknown[] }> {
  const n = Math.min(MAX_LIMIT, limit && limit > 0 ? limit : DEFAULT_SHORT_LIMIT);
  const rows = await channelProgrammes(streamId, true, n);
  return { epg_listings: rows.map((r) => listing(r, streamId)) };
}

/** `get_simple_data_table`: the whole stored window, with `now_playing` and `has_archive`. */
export async function simpleDataTable(streamId: number, now = Date.now()): Promise<{ epg_listings: unknown[] }> {
  const rows = await channelProgrammes(streamId, false, WHOLE_WINDOW);
  return {
    epg_listings: rows.map((r) => {
      const archiveFrom = now - r.tv_archive_duration * 86_400_000;
      const past = r.stop_at.getTime() <= now;
      return {
        ...listing(r, streamId),
        now_playing: r.start_at.getTime() <= now && now < r.stop_at.getTime() ? 1 : 0,
        has_archive: r.tv_archive && past && r.start_at.getTime() >= archiveFrom ? 1 : 0,
      };
    }),
  };
}
