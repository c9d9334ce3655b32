import { expect, test } from 'vitest';
import { query } from '@/db/client';
import { insertSource } from '@/db/queries/epg-sources';
import { ingestGuide, type GuideTarget } from '@/lib/epg/ingest';
import { withFreshDatabase } from '../helpers/database';

// The guide's store reads its spool in batches of 5,000 programmes and hands each batch to the
// database as the spool's own JSON bytes: rows across a batch boundary and in the last, short batch,
// exact times, any text (accents, quotes, backslashes, line breaks), no description, a repeated start.

withFreshDatabase();

const HOUR = 3_600_000;
const CHANNELS = 3;
const PER_CHANNEL = 2_100; // 6,300 programmes: one full batch and a short one
const start0 = Math.floor(Date.now() / HOUR) * HOUR - 10 * HOUR;
const pad = (n: number) => String(n).padStart(2, '0');
/** XMLTV time in +01:30, with seconds. */
const xmltvTime = (ms: number) => {
  const d = new Date(ms + 90 * 60_000);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())} +0130`;
};
const title = (c: number, i: number) => `Émission ${c}/${i} "quoted" back\\slash — ünïcödé`;

async function* guide(): AsyncGenerator<Buffer> {
  let xml = '<?xml version="1.0" encoding="UTF-8"?>\n<tv>\n';
  for (let c = 0; c < CHANNELS; c += 1) xml += `<channel id="ch${c}.test"><display-name>Chaîne ${c}</display-name></channel>\n`;
  for (let i = 0; i < PER_CHANNEL; i += 1) {
    for (let c = 0; c < CHANNELS; c += 1) {
      // Programmes of 4 min 1 s (all within the 7 days kept): times with seconds; every 7th has no description.
      const start = start0 + i * 241_000;
      const desc = i % 7 === 0 ? '' : `<desc lang="fr">Ligne 1\nligne 2 &amp; «${i}»</desc>`;
      xml += `<programme start="${xmltvTime(start)}" stop="${xmltvTime(start + 241_000)}" channel="ch${c}.test"><title lang="fr">${title(c, i).replace(/&/g, '&amp;')}</title>${desc}</programme>\n`;
    }
    if (xml.length > 50_000) {
      yield Buffer.from(xml);
      xml = '';
    }
  }
  // The same start again on channel 0: the first one stays.
  xml += `<programme start="${xmltvTime(start0)}" stop="${xmltvTime(start0 + HOUR)}" channel="ch0.test"><title>Doublon</title></programme>\n`;
  yield Buffer.from(`${xml}</tv>\n`);
}

test('a guide of 6,300 programmes is stored whole, across the batch boundary, with exact times and text', async () => {
  const sourceId = await insertSource({ name: 'store test', url: 'unused', priority: 0, enabled: true, refreshHours: 24 });
  const target: GuideTarget = {
    owner: { sourceId, upstreamId: null },
    onlyChannels: null,
    archiveDays: 1,
    identity: 'test:guide-store',
    previous: null,
    secrets: [],
    open: async () => ({ contentType: 'application/xml', body: guide(), notModified: false, validators: { etag: null, lastModified: null }, close: () => undefined }),
  };
  const result = await ingestGuide(target, async () => undefined, start0 + HOUR);
  expect(result).toEqual({ channels: CHANNELS, programmes: CHANNELS * PER_CHANNEL, unchanged: false });

  const rows = await query<{ channel_id: string; start_ms: string; stop_ms: string; title: string; description: string | null; lang: string | null }>(
    `SELECT channel_id, (extract(epoch FROM start_at) * 1000)::bigint::text AS start_ms, (extract(epoch FROM stop_at) * 1000)::bigint::text AS stop_ms,
            title, description, lang
       FROM epg_programmes WHERE source_id = $1 ORDER BY start_at, channel_id`,
    [sourceId],
  );
  expect(rows).toHaveLength(CHANNELS * PER_CHANNEL);
  for (const i of [0, 1, 1666, 1667, 4999 % PER_CHANNEL, PER_CHANNEL - 1]) {
    for (let c = 0; c < CHANNELS; c += 1) {
      const row = rows[i * CHANNELS + c];
      const start = start0 + i * 241_000;
      expect(row).toEqual({
        channel_id: `ch${c}.test`,
        start_ms: String(start),
        stop_ms: String(start + 241_000),
        title: title(c, i),
        description: i % 7 === 0 ? null : `Ligne 1\nligne 2 & «${i}»`,
        lang: 'fr',
      });
    }
  }
  const [channel] = await query<{ display_name: string }>(`SELECT display_name FROM epg_channels WHERE source_id = $1 AND channel_id = 'ch2.test'`, [sourceId]);
  expect(channel.display_name).toBe('Chaîne 2');
});
