import type { LineItem } from '@/lib/curation/line-catalog';

/** One channel as a real HDHomeRun lists it in lineup.json (GuideNumber is a string, flags are 0/1 ints). */
export interface LineupEntry {
  GuideNumber: string;
  GuideName: string;
  HD?: 1;
  URL: string;
}

const HD_NAME = /(?:^|[^a-z0-9])(?:hd|fhd|uhd|4k|1080[pi]?|720p)(?:$|[^a-z0-9])/i;

/**
 * The account's channels (bouquets and the admin's curation applied, the list players get from
 * get_live_streams) as lineup entries: guide number = channel number, the stream through the panel.
 */
export function lineupOf(channels: readonly LineItem[], streamUrl: (publicId: number) => string): LineupEntry[] {
  return channels.map(({ item, num }) => ({
    GuideNumber: String(num),
    GuideName: item.name,
    ...(HD_NAME.test(item.name) ? { HD: 1 as const } : {}),
    URL: streamUrl(item.public_id),
  }));
}
