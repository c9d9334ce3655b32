import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseXmltv } from '@iptv/xmltv';
import { query } from '@/db/client';
import { requestSync, settleSyncs } from '@/lib/sync/request-sync';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { withFreshDatabase } from '../helpers/database';
import { startXtreamServer, type XtreamServer } from '../helpers/xtream-server';
import { addFakeUpstream, closeAll, createActiveLine } from '../helpers/panel-setup';

withFreshDatabase();

const USER = 'guide.viewer';
const PASS = 'pw-guide-1';
let fake: FakeUpstream;
let panel: XtreamServer;
let upstreamId: string;

interface Listing {
  id: string;
  epg_id: string;
  title: string;
  lang: string;
  start: string;
  end: string;
  description: string;
  channel_id: string;
  start_timestamp: string;
  stop_timestamp: string;
  stream_id: string;
  now_playing?: number;
  has_archive?: number;
}

async function sync() {
  const job = await requestSync(upstreamId);
  await settleSyncs();
  const [row] = await query<{ status: string; error: string | null; counts: Record<string, number> }>(
    `SELECT status, error, counts FROM sync_jobs WHERE id = $1`,
    [job.id],
  );
  return row;
}

async function panelApi(params: Record<string, string>) {
  const res = await fetch(`${panel.url}/player_api.php?${new URLSearchParams({ username: USER, password: PASS, ...params })}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { epg_listings: Listing[] };
}

/** What the provider itself says about a channel's programmes (UTC epochs, plain titles). */
async function providerGuide(upstreamStreamId: number) {
  const url = `${fake.url}/player_api.php?${new URLSearchParams({ username: fake.username, password: 'up-guide-9', action: 'get_simple_data_table', stream_id: String(upstreamStreamId) })}`;
  const { epg_listings } = (await (await fetch(url)).json()) as { epg_listings: Listing[] };
  return epg_listings.map((l) => ({
    title: Buffer.from(l.title, 'base64').toString('utf8'),
    description: Buffer.from(l.description, 'base64').toString('utf8'),
    start: Number(l.start_timestamp),
    stop: Number(l.stop_timestamp),
  }));
}

async function publicIdOf(upstreamStreamId: number) {
  const [row] = await query<{ public_id: number }>(
    `SELECT public_id FROM synced_content WHERE upstream_server_id = $1 AND stream_type = 'live' AND stream_id = $2`,
    [upstreamId, String(upstreamStreamId)],
  );
  return row.public_id;
}

async function programmeRows() {
  return query<{ id: number; channel_id: string; start_at: Date; title: string }>(
    `SELECT id, channel_id, start_at, title FROM epg_programmes WHERE upstream_server_id = $1 ORDER BY id`,
    [upstreamId],
  );
}

const sqlTime = (epoch: number) => new Date(epoch * 1000).toISOString().slice(0, 19).replace('T', ' ');
const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');

beforeAll(async () => {
  fake = await startFakeUpstream({ live: 12, vod: 3, series: 1, categoriesPerType: 2, password: 'up-guide-9' });
  // the provider writes its guide in local time (+01:00); the panel must store and answer UTC
  fake.quirks.xmltvOffsetMinutes = 60;
  const up = await addFakeUpstream(fake, { name: 'Guide', password: 'up-guide-9', timeoutSeconds: 10 });
  upstreamId = up.id;
  await createActiveLine(USER, PASS, { maxConnections: 2 });
  panel = await startXtreamServer();
}, 60_000);

afterAll(() => closeAll(panel, fake));

describe('EPG', () => {
  test('a sync stores the guide of the channels the live items reference, in UTC', async () => {
    const job = await sync();
    expect(job.status).toBe('succeeded');
    const withGuide = fake.catalog.live.filter((c) => c.epgChannelId !== null);
    expect(job.counts.programmes).toBe(withGuide.length * 6);
    const channels = await query<{ channel_id: string; display_name: string; icon_url: string | null }>(
      `SELECT channel_id, display_name, icon_url FROM epg_channels WHERE upstream_server_id = $1 ORDER BY channel_id`,
      [upstreamId],
    );
    expect(channels.map((c) => c.channel_id)).toEqual(withGuide.map((c) => c.epgChannelId).sort());
    expect(channels.find((c) => c.channel_id === withGuide[0].epgChannelId)?.display_name).toBe(withGuide[0].name);
  });

  test('get_short_epg answers the current and the next programmes with the exact row shape', async () => {
    const channel = fake.catalog.live[0];
    const truth = (await providerGuide(channel.id)).filter((p) => p.stop > Date.now() / 1000);
    const streamId = await publicIdOf(channel.id);
    const { epg_listings } = await panelApi({ action: 'get_short_epg', stream_id: String(streamId) });
    // the fake's guide ends 2-3 hours after its start: 3 or 4 programmes are still to come
    expect(truth.length).toBeGreaterThanOrEqual(3);
    expect(epg_listings).toHaveLength(Math.min(4, truth.length));
    epg_listings.forEach((row, i) => {
      expect(Object.keys(row).sort()).toEqual(
        ['channel_id', 'description', 'end', 'epg_id', 'id', 'lang', 'start', 'start_timestamp', 'stop_timestamp', 'stream_id', 'title'].sort(),
      );
      expect(row.id).toMatch(/^\d+$/);
      expect(typeof row.epg_id).toBe('string');
      expect(decode(row.title)).toBe(truth[i].title);
      expect(decode(row.description)).toBe(truth[i].description);
      expect(row.title).toBe(Buffer.from(truth[i].title, 'utf8').toString('base64'));
      expect(row.start_timestamp).toBe(String(truth[i].start));
      expect(row.stop_timestamp).toBe(String(truth[i].stop));
      expect(row.start).toBe(sqlTime(truth[i].start));
      expect(row.end).toBe(sqlTime(truth[i].stop));
      expect(row.channel_id).toBe(channel.epgChannelId);
      expect(row.stream_id).toBe(String(streamId));
      expect(row.lang).toBe('en');
    });
    // the first row is on air now
    const now = Date.now() / 1000;
    expect(Number(epg_listings[0].start_timestamp)).toBeLessThanOrEqual(now);
    expect(Number(epg_listings[0].stop_timestamp)).toBeGreaterThan(now);

    const two = await panelApi({ action: '205', stream_id: String(streamId), limit: '2' });
    expect(two.epg_listings.map((r) => r.id)).toEqual(epg_listings.slice(0, 2).map((r) => r.id));
  });

  test('get_simple_data_table answers the whole window with now_playing and has_archive', async () => {
    const channel = fake.catalog.live[0]; // an archive channel (3 days)
    expect(channel.tvArchiveDays).toBeGreaterThan(0);
    const truth = await providerGuide(channel.id);
    const streamId = await publicIdOf(channel.id);
    const { epg_listings } = await panelApi({ action: 'get_simple_data_table', stream_id: String(streamId) });
    expect(epg_listings.map((r) => decode(r.title))).toEqual(truth.map((p) => p.title));
    const now = Date.now() / 1000;
    for (const row of epg_listings) {
      const start = Number(row.start_timestamp);
      const stop = Number(row.stop_timestamp);
      expect(row.now_playing).toBe(start <= now && now < stop ? 1 : 0);
      expect(row.has_archive).toBe(stop <= now ? 1 : 0);
    }
    expect(epg_listings.filter((r) => r.now_playing === 1)).toHaveLength(1);

    const plain = fake.catalog.live.find((c) => c.tvArchiveDays === 0 && c.epgChannelId !== null)!;
    const other = await panelApi({ action: 'get_simple_date_table', stream_id: String(await publicIdOf(plain.id)) });
    expect(other.epg_listings).toHaveLength(6);
    expect(other.epg_listings.every((r) => r.has_archive === 0)).toBe(true);
  });

  test('channels without a guide, local content and unknown ids answer an empty listing', async () => {
    const noGuide = fake.catalog.live.find((c) => c.epgChannelId === null)!;
    expect(await panelApi({ action: 'get_short_epg', stream_id: String(await publicIdOf(noGuide.id)) })).toEqual({ epg_listings: [] });
    const [local] = await query<{ public_id: number }>(
      `INSERT INTO local_content (title, stream_url, content_type) VALUES ('Home video', 'https://cdn.example/a.mp4', 'movie') RETURNING public_id`,
    );
    expect(await panelApi({ action: 'get_short_epg', stream_id: String(local.public_id) })).toEqual({ epg_listings: [] });
    expect(await panelApi({ action: 'get_simple_data_table', stream_id: '987654321' })).toEqual({ epg_listings: [] });
    expect(await panelApi({ action: 'get_short_epg', stream_id: 'abc' })).toEqual({ epg_listings: [] });
  });

  test('xmltv.php contains every stored programme, in UTC, also gzipped', async () => {
    for (const gzip of [false, true]) {
      const res = await fetch(`${panel.url}/xmltv.php?username=${USER}&password=${PASS}`, { headers: { 'accept-encoding': gzip ? 'gzip' : 'identity' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe(gzip ? 'gzip' : null);
      const xml = await res.text();
      expect(xml).toContain(' +0000"');
      const guide = parseXmltv(xml);
      const programmes = guide.programmes ?? [];
      const withGuide = fake.catalog.live.filter((c) => c.epgChannelId !== null);
      expect(programmes).toHaveLength(withGuide.length * 6);
      const channel = fake.catalog.live[0];
      const truth = await providerGuide(channel.id);
      const mine = programmes.filter((p) => p.channel === channel.epgChannelId);
      expect(mine.map((p) => p.title?.[0]?._value)).toEqual(truth.map((p) => p.title));
      // @iptv/xmltv hands text back with its entities as written
      const unescape = (v: string | undefined) => v?.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      expect(mine.map((p) => unescape(p.desc?.[0]?._value))).toEqual(truth.map((p) => p.description));
      expect(xml).toContain('ünïcödé &amp; &lt;tags&gt;</desc>');
      expect(mine.map((p) => p.start.getTime() / 1000)).toEqual(truth.map((p) => p.start));
      expect(mine.map((p) => (p.stop ? p.stop.getTime() / 1000 : null))).toEqual(truth.map((p) => p.stop));
    }
  });

  test('a re-sync whose guide fetch fails or answers HTML keeps the previous guide and records the error', async () => {
    const before = await programmeRows();
    expect(before.length).toBeGreaterThan(0);
    try {
      for (const failure of ['status500', 'html'] as const) {
        fake.quirks.xmltvFailure = failure;
        const job = await sync();
        expect(job.status).toBe('partial');
        expect(job.error).toMatch(/^guide: /);
        expect(job.counts.programmes).toBe(before.length);
        expect(await programmeRows()).toEqual(before);
        const [upstream] = await query<{ last_error: string | null }>(`SELECT last_error FROM upstream_servers WHERE id = $1`, [upstreamId]);
        expect(upstream.last_error).toMatch(/guide/);
      }
    } finally {
      fake.quirks.xmltvFailure = null;
    }
    const streamId = await publicIdOf(fake.catalog.live[0].id);
    expect((await panelApi({ action: 'get_short_epg', stream_id: String(streamId) })).epg_listings.length).toBeGreaterThanOrEqual(3);
  }, 30_000);

  test('a guide sent as a gzip file replaces the guide in one go', async () => {
    fake.quirks.xmltvGzipFile = true;
    fake.quirks.xmltvOffsetMinutes = -150;
    try {
      const job = await sync();
      expect(job.status).toBe('succeeded');
    } finally {
      fake.quirks.xmltvGzipFile = false;
    }
    const rows = await programmeRows();
    expect(rows).toHaveLength(fake.catalog.live.filter((c) => c.epgChannelId !== null).length * 6);
    const channel = fake.catalog.live[0];
    const truth = await providerGuide(channel.id);
    const mine = rows.filter((r) => r.channel_id === channel.epgChannelId).sort((a, b) => a.start_at.getTime() - b.start_at.getTime());
    expect(mine.map((r) => r.start_at.getTime() / 1000)).toEqual(truth.map((p) => p.start));
  });

  test('a channel that leaves the catalog leaves the guide at the next sync', async () => {
    const dropped = fake.catalog.live[fake.catalog.live.length - 2];
    expect(dropped.epgChannelId).not.toBeNull();
    fake.dropItems('live', 2);
    const job = await sync();
    expect(job.status).toBe('succeeded');
    const rows = await programmeRows();
    expect(rows.some((r) => r.channel_id === dropped.epgChannelId)).toBe(false);
    expect(rows.length).toBe(fake.catalog.live.filter((c) => c.epgChannelId !== null).length * 6);
  });
});
