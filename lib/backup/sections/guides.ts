import { z } from 'zod';
import { defineSection } from '../section';

/**
 * GUIDE SOURCES AND CHANNEL PINS — placeholder. The "guides" work adds the tables `epg_sources` and
 * `epg_channel_map` in parallel; once they are on main, read and write them here (sources with their
 * URLs, pins as channel → EPG id) the way ./rules.ts does, with the queries in db/queries/backup.ts.
 * Until then the section is an empty list, accepted on restore so documents stay compatible.
 */
export const guidesSection = defineSection({
  name: 'guides',
  schema: z.strictObject({ sources: z.array(z.record(z.string(), z.unknown())).max(0), pins: z.array(z.record(z.string(), z.unknown())).max(0) }),
  read: async () => ({ sources: [], pins: [] }),
  write: async () => 0,
});
