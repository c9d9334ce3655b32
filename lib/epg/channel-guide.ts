import { mappedProgrammes, type ProgrammeInput } from '@/db/queries/epg';
import { mapOf } from '@/db/queries/epg-map';

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** A dummy guide covers this much before and after now, in hourly programmes. */
const DUMMY_PAST_HOURS = 24;
const DUMMY_FUTURE_HOURS = 48;

/** A programme as players get it; its `channelId` is '' in a dummy guide. */
export interface GuideEntry extends ProgrammeInput {
  id: number;
}

export interface GuideChannel {
  publicId: number;
  /** The name players see: a dummy guide's programmes carry it. */
  name: string;
}

/**
 * The guide of some live channels as players get it: the programmes of the guide channel each is
 * mapped to (epg_channel_map), shifted by its offset; a dummy channel gets hourly programmes named
 * after it. `upcomingOnly` keeps what has not ended yet; `limit` caps each channel's list.
 */
export async function guidesOf(
  channels: GuideChannel[],
  opts: { upcomingOnly: boolean; limit: number | null; now?: number },
): Promise<Map<number, GuideEntry[]>> {
  const now = opts.now ?? Date.now();
  const out = new Map<number, GuideEntry[]>();
  if (channels.length === 0) return out;
  const rows = await mapOf(channels.map((c) => c.publicId));
  const byId = new Map(rows.map((r) => [r.public_id, r]));
  const mapped = rows.filter((r) => !r.dummy && r.source_id && r.epg_channel_id).map((r) => r.public_id);
  // The offset moves the guide, so "still running" is asked in guide time: the query takes it per row.
  for (const p of await mappedProgrammes(mapped, opts.upcomingOnly ? new Date(now) : null, opts.limit)) {
    const shift = (byId.get(p.public_id)?.offset_minutes ?? 0) * MINUTE;
    const list = out.get(p.public_id) ?? [];
    list.push({ id: p.id, channelId: p.channel_id, start: new Date(p.start_at.getTime() + shift), stop: new Date(p.stop_at.getTime() + shift), title: p.title, description: p.description, lang: p.lang });
    out.set(p.public_id, list);
  }
  for (const c of channels) {
    if (byId.get(c.publicId)?.dummy) out.set(c.publicId, dummyGuide(c.name, now, opts));
  }
  return out;
}

/** Hourly programmes named after the channel, aligned on the hour. */
function dummyGuide(name: string, now: number, opts: { upcomingOnly: boolean; limit: number | null }): GuideEntry[] {
  const thisHour = Math.floor(now / HOUR) * HOUR;
  const first = opts.upcomingOnly ? thisHour : thisHour - DUMMY_PAST_HOURS * HOUR;
  const count = Math.min(opts.limit ?? Infinity, (thisHour - first) / HOUR + DUMMY_FUTURE_HOURS);
  const list: GuideEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    const start = first + i * HOUR;
    list.push({ id: Math.floor(start / 1000), channelId: '', start: new Date(start), stop: new Date(start + HOUR), title: name, description: null, lang: null });
  }
  return list;
}
