import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { query } from '@/db/client';
import * as sourcesApi from '@/app/api/epg/sources/route';
import * as sourceOne from '@/app/api/epg/sources/[id]/route';
import * as channelsApi from '@/app/api/epg/channels/route';
import * as channelOne from '@/app/api/epg/channels/[publicId]/route';
import * as matchApi from '@/app/api/epg/match/route';
import * as linesApi from '@/app/api/lines/route';
import { requestSync, settleSyncs } from '@/lib/sync/request-sync';
import { refreshSource, settleGuideWork } from '@/lib/epg/sources';
import { autoMatch } from '@/lib/epg/auto-match';
import { createBackup, restoreBackup } from '@/lib/backup';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { withFreshDatabase } from '../helpers/database';
import { call, makeUser, type TestUser } from '../helpers/admin-api';
import { startXtreamServer, type XtreamServer } from '../helpers/xtream-server';
import { addFakeUpstream, closeAll } from '../helpers/panel-setup';

// Issue 12, must-show 2: two guide sources of different priority over overlapping channels, a
// channel matched by name only, a pin that survives two refreshes, a dummy guide and an offset.

withFreshDatabase();

const WHO = { username: 'guide.watcher', password: 'pw-guide-12' };
const HOUR = 3_600_000;
let fake: FakeUpstream;
let panel: XtreamServer;
let upstreamId: string;
let admin: TestUser;
const api = (handler: Parameters<typeof call>[0], url: string, init: Parameters<typeof call>[2] = {}) => call(handler, url, { cookie: admin.cookie, ...init });

const hourStart = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;
const pad = (n: number) => String(n).padStart(2, '0');
const xmltvTime = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}00 +0000`;
};

/** A guide of `tag`: six hour-long programmes per channel from two hours ago, titled "{tag} {channel} {n}". */
function guide(tag: string, channels: { id: string; name: string }[]): string {
  let xml = '<?xml version="1.0" encoding="UTF-8"?>\n<tv>\n';
  for (const c of channels) xml += `<channel id="${c.id}"><display-name>${c.name}</display-name></channel>\n`;
  for (const c of channels) {
    for (let i = 0; i < 6; i += 1) {
      xml += `<programme start="${xmltvTime(hourStart + i * HOUR)}" stop="${xmltvTime(hourStart + (i + 1) * HOUR)}" channel="${c.id}"><title>${tag} ${c.id} ${i + 1}</title></programme>\n`;
    }
  }
  return `${xml}</tv>\n`;
}

interface Listing {
  title: string;
  start_timestamp: string;
  stop_timestamp: string;
  channel_id: string;
}
async function shortEpg(publicId: number, limit = 4) {
  const res = await fetch(`${panel.url}/player_api.php?${new URLSearchParams({ ...WHO, action: 'get_short_epg', stream_id: String(publicId), limit: String(limit) })}`);
  expect(res.status).toBe(200);
  const { epg_listings } = (await res.json()) as { epg_listings: Listing[] };
  return epg_listings.map((l) => ({ title: Buffer.from(l.title, 'base64').toString('utf8'), start: Number(l.start_timestamp) * 1000, stop: Number(l.stop_timestamp) * 1000 }));
}
/**
 * The programme get_short_epg says is on now, and which of the guide's hours it is (1-based from
 * hourStart). Whatever the clock: the file may start before the top of an hour and ask after it.
 */
async function onNow(publicId: number) {
  const asked = Date.now();
  const listings = await shortEpg(publicId, 1);
  const answered = Date.now();
  expect(listings).toHaveLength(1);
  const [p] = listings;
  expect(p.start).toBeLessThanOrEqual(answered);
  expect(p.stop).toBeGreaterThan(asked);
  return { title: p.title, hour: (p.start - hourStart) / HOUR + 1 };
}
async function xmltvProgrammes(channelId: string) {
  const res = await fetch(`${panel.url}/xmltv.php?${new URLSearchParams(WHO)}`);
  expect(res.status).toBe(200);
  const xml = await res.text();
  return [...xml.matchAll(/<programme start="([^"]+)" stop="([^"]+)" channel="([^"]+)"><title>([^<]*)<\/title>/g)]
    .filter((m) => m[3] === channelId)
    .map((m) => ({ start: m[1], stop: m[2], title: m[4] }));
}
/** What a player's lists say of a channel: get.php's tvg-id and get_live_streams' epg_channel_id. */
async function listedGuideIds(publicId: number) {
  const m3u = await (await fetch(`${panel.url}/get.php?${new URLSearchParams({ ...WHO, type: 'm3u_plus', output: 'ts' })}`)).text();
  const entry = m3u.split('#EXTINF').find((e) => new RegExp(`/${publicId}\\.ts\\s*$`).test(e.trim()));
  const live = (await (await fetch(`${panel.url}/player_api.php?${new URLSearchParams({ ...WHO, action: 'get_live_streams' })}`)).json()) as { stream_id: number; epg_channel_id: string | null }[];
  return { tvgId: /tvg-id="([^"]*)"/.exec(entry ?? '')?.[1], epgChannelId: live.find((l) => l.stream_id === publicId)?.epg_channel_id };
}
async function channelRow(upstreamStreamId: number) {
  const [row] = await query<{ public_id: number; name: string; epg_channel_id: string | null }>(
    `SELECT public_id::int AS public_id, name, epg_channel_id FROM synced_content WHERE upstream_server_id = $1 AND stream_type = 'live' AND stream_id = $2`,
    [upstreamId, String(upstreamStreamId)],
  );
  return row;
}
async function mapping(publicId: number) {
  const [row] = await query<{ source_id: string | null; epg_channel_id: string | null; matched_by: string | null; pinned: boolean; dummy: boolean; offset_minutes: number; score: number | null }>(
    `SELECT source_id, epg_channel_id, matched_by, pinned, dummy, offset_minutes, score FROM epg_channel_map WHERE public_id = $1`,
    [publicId],
  );
  return row;
}
async function sync() {
  await requestSync(upstreamId);
  await settleSyncs();
  await settleGuideWork();
}

let high: string; // source id, priority 20
let low: string; // source id, priority 5
let shared: { id: string; name: string }[]; // channel ids both sources carry (the provider's own ids)

beforeAll(async () => {
  fake = await startFakeUpstream({ live: 10, vod: 1, series: 1, categoriesPerType: 1, password: 'up-guide-12' });
  // Channel 5 has no guide id at all; its provider calls it "BBC One HD", the high source "BBC One".
  fake.catalog.live[4].name = 'BBC One HD';
  expect(fake.catalog.live[4].epgChannelId).toBeNull();
  const up = await addFakeUpstream(fake, { name: 'Provider', password: 'up-guide-12', timeoutSeconds: 10 });
  upstreamId = up.id;
  await sync();
  admin = await makeUser('guide.admin', 'admin');
  expect((await api(linesApi.POST, '/api/lines', { method: 'POST', body: { ...WHO, maxConnections: 0 } })).status).toBe(201);
  panel = await startXtreamServer();

  shared = fake.catalog.live.filter((c) => c.epgChannelId !== null).slice(0, 4).map((c) => ({ id: c.epgChannelId!, name: c.name }));
  fake.guides.set('high.xml.gz', guide('HIGH', [...shared.slice(0, 3), { id: 'bbc1.uk', name: 'BBC One' }]));
  fake.guides.set('low.xml', guide('LOW', shared));
  const a = await api(sourcesApi.POST, '/api/epg/sources', { method: 'POST', body: { name: 'High', url: `${fake.url}/guides/high.xml.gz?token=s3cr3t-token`, priority: 20, refreshHours: 6 } });
  const b = await api(sourcesApi.POST, '/api/epg/sources', { method: 'POST', body: { name: 'Low', url: `${fake.url}/guides/low.xml`, priority: 5 } });
  expect([a.status, b.status]).toEqual([201, 201]);
  high = a.json.id;
  low = b.json.id;
  await settleGuideWork();
}, 120_000);

afterAll(() => closeAll(panel, fake));

describe('guide sources', () => {
  test('sources list with status and counts; the provider guide is a source; URL credentials are masked', async () => {
    const res = await api(sourcesApi.GET, '/api/epg/sources');
    expect(res.status).toBe(200);
    const byName = new Map((res.json.items as { name: string }[]).map((s) => [s.name, s as Record<string, unknown>]));
    expect(byName.get('High')).toMatchObject({ status: 'ok', priority: 20, refreshHours: 6, channels: 4, programmes: 24, error: null });
    expect(byName.get('High')!.url).not.toContain('s3cr3t');
    expect(byName.get('Low')).toMatchObject({ status: 'ok', priority: 5, channels: 4, programmes: 24 });
    expect(byName.get('Provider')).toMatchObject({ upstreamId, url: null, status: 'ok' });
    const [stored] = await query<{ url_encrypted: string }>(`SELECT url_encrypted FROM epg_sources WHERE id = $1`, [high]);
    expect(stored.url_encrypted).not.toContain('s3cr3t');
  });

  test('each channel gets the higher-priority source that has it; the lower one only where the higher has nothing', async () => {
    for (const [i, c] of shared.entries()) {
      const own = fake.catalog.live.find((l) => l.epgChannelId === c.id)!;
      const ch = await channelRow(own.id);
      const titles = (await shortEpg(ch.public_id)).map((p) => p.title);
      const tag = i < 3 ? 'HIGH' : 'LOW';
      // two past programmes are gone: the current (3rd) and the next three
      expect(titles).toEqual([3, 4, 5, 6].map((n) => `${tag} ${c.id} ${n}`));
      expect(await mapping(ch.public_id)).toMatchObject({ source_id: i < 3 ? high : low, matched_by: 'id', pinned: false });
    }
  });

  test('auto-matches never overlap: a call during a run gets one more run after it, shared by every caller meanwhile', async () => {
    const order: string[] = [];
    const first = autoMatch().then(() => order.push('first'));
    const second = autoMatch();
    const third = autoMatch();
    expect(third).toBe(second);
    await Promise.all([first, second.then(() => order.push('second'))]);
    expect(order).toEqual(['first', 'second']);
  });

  test('a channel without a guide id is matched by name ("BBC One HD" ↔ "BBC One")', async () => {
    const bbc = await channelRow(fake.catalog.live[4].id);
    expect(bbc.epg_channel_id ?? '').toBe('');
    expect(await mapping(bbc.public_id)).toMatchObject({ source_id: high, epg_channel_id: 'bbc1.uk', matched_by: 'name' });
    expect((await shortEpg(bbc.public_id, 2)).map((p) => p.title)).toEqual(['HIGH bbc1.uk 3', 'HIGH bbc1.uk 4']);
    const res = await api(channelsApi.GET, '/api/epg/channels?q=bbc%20one');
    expect(res.json.items).toEqual([expect.objectContaining({ publicId: bbc.public_id, matchedBy: 'name', sourceId: high, epgChannelId: 'bbc1.uk', pinned: false })]);
    expect(res.json.items[0].nowNext.now.title).toBe('HIGH bbc1.uk 3');
    // Players link the guide by id: the lists carry the matched guide's id, and xmltv.php has it.
    expect(await listedGuideIds(bbc.public_id)).toEqual({ tvgId: 'bbc1.uk', epgChannelId: 'bbc1.uk' });
    expect((await xmltvProgrammes('bbc1.uk')).map((p) => p.title)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `HIGH bbc1.uk ${n}`));
  });

  test('a pinned channel keeps its pin through two refreshes and an auto-match', async () => {
    const c = shared[0];
    const ch = await channelRow(fake.catalog.live.find((l) => l.epgChannelId === c.id)!.id);
    const put = await api(channelOne.PUT, `/api/epg/channels/${ch.public_id}`, { method: 'PUT', params: { publicId: String(ch.public_id) }, body: { sourceId: low, epgChannelId: c.id } });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ matchedBy: 'manual', pinned: true, sourceId: low });
    for (let i = 0; i < 2; i += 1) {
      expect((await refreshSource(high)).refreshed).toBe(true);
      expect((await refreshSource(low)).refreshed).toBe(true);
      await sync();
    }
    const matched = await api(matchApi.POST, '/api/epg/match', { method: 'POST', body: {} });
    expect(matched.status).toBe(200);
    expect(matched.json.matched).toBeGreaterThan(0);
    expect(matched.json.matched + matched.json.unmatched).toBe(fake.catalog.live.length);
    expect(await mapping(ch.public_id)).toMatchObject({ source_id: low, epg_channel_id: c.id, matched_by: 'manual', pinned: true });
    const airing = await onNow(ch.public_id);
    expect([3, 4]).toContain(airing.hour); // the third hour, or the fourth once the clock passed the hour
    expect(airing.title).toBe(`LOW ${c.id} ${airing.hour}`);
  });

  test('a dummy channel shows hourly programmes named after it in get_short_epg', async () => {
    const noGuide = fake.catalog.live.find((l, i) => l.epgChannelId === null && i !== 4)!;
    const ch = await channelRow(noGuide.id);
    expect((await shortEpg(ch.public_id)).length).toBe(0);
    const put = await api(channelOne.PUT, `/api/epg/channels/${ch.public_id}`, { method: 'PUT', params: { publicId: String(ch.public_id) }, body: { dummy: true } });
    expect(put.status).toBe(200);
    await api(matchApi.POST, '/api/epg/match', { method: 'POST', body: {} });
    const listings = await shortEpg(ch.public_id);
    expect(listings).toHaveLength(4);
    const now = Date.now();
    expect(listings[0].start).toBeLessThanOrEqual(now);
    expect(listings[0].stop).toBeGreaterThan(now);
    for (const [i, p] of listings.entries()) {
      expect(p.title).toBe(ch.name);
      expect(p.stop - p.start).toBe(HOUR);
      expect(p.start % HOUR).toBe(0);
      if (i > 0) expect(p.start).toBe(listings[i - 1].stop);
    }
    const id = `neropanel.dummy.${ch.public_id}`;
    expect(await listedGuideIds(ch.public_id)).toEqual({ tvgId: id, epgChannelId: id });
    const inXmltv = await xmltvProgrammes(id);
    expect(inXmltv.length).toBeGreaterThan(0);
    expect(inXmltv.every((p) => p.title === ch.name)).toBe(true);
  });

  test('an offset of +60 shifts xmltv.php times by one hour, and auto-match keeps it', async () => {
    const c = shared[1];
    const ch = await channelRow(fake.catalog.live.find((l) => l.epgChannelId === c.id)!.id);
    const before = await xmltvProgrammes(c.id);
    expect(before.map((p) => p.title)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `HIGH ${c.id} ${n}`));
    expect(before[0].start).toBe(xmltvTime(hourStart));
    const put = await api(channelOne.PUT, `/api/epg/channels/${ch.public_id}`, { method: 'PUT', params: { publicId: String(ch.public_id) }, body: { offsetMinutes: 60 } });
    expect(put.status).toBe(200);
    await api(matchApi.POST, '/api/epg/match', { method: 'POST', body: {} });
    const after = await xmltvProgrammes(c.id);
    expect(after.map((p) => p.title)).toEqual(before.map((p) => p.title));
    expect(after.map((p) => p.start)).toEqual(before.map((_, i) => xmltvTime(hourStart + (i + 1) * HOUR)));
    expect(after.map((p) => p.stop)).toEqual(before.map((_, i) => xmltvTime(hourStart + (i + 2) * HOUR)));
    expect(await mapping(ch.public_id)).toMatchObject({ offset_minutes: 60, source_id: high, pinned: false });
  });

  test('a source whose download fails keeps its programmes and reports the error', async () => {
    fake.guides.set('high.xml.gz', null);
    const outcome = await refreshSource(high);
    expect(outcome.refreshed).toBe(false);
    const one = await api(sourceOne.GET, `/api/epg/sources/${high}`, { params: { id: high } });
    expect(one.json).toMatchObject({ status: 'failed', programmes: 24 });
    expect(one.json.error).toMatch(/HTTP 500/);
    expect(one.json.error).not.toContain('s3cr3t');
    const c = shared[2];
    const ch = await channelRow(fake.catalog.live.find((l) => l.epgChannelId === c.id)!.id);
    const airing = await onNow(ch.public_id);
    expect([3, 4]).toContain(airing.hour); // the third hour, or the fourth once the clock passed the hour
    expect(airing.title).toBe(`HIGH ${c.id} ${airing.hour}`);
  });

  test('bad input is a 400 with field messages; a provider guide cannot be deleted alone', async () => {
    const bad = await api(sourcesApi.POST, '/api/epg/sources', { method: 'POST', body: { name: '', url: 'ftp://x', priority: 2000 } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields).sort()).toEqual(['name', 'priority', 'url']);
    const ch = await channelRow(fake.catalog.live[0].id);
    const pin = await api(channelOne.PUT, `/api/epg/channels/${ch.public_id}`, { method: 'PUT', params: { publicId: String(ch.public_id) }, body: { sourceId: low } });
    expect(pin.status).toBe(400);
    expect(pin.json.error.fields).toHaveProperty('epgChannelId');
    const unknown = await api(channelOne.PUT, `/api/epg/channels/${ch.public_id}`, { method: 'PUT', params: { publicId: String(ch.public_id) }, body: { sourceId: low, epgChannelId: 'nope' } });
    expect(unknown.status).toBe(400);
    const [own] = await query<{ id: string }>(`SELECT id FROM epg_sources WHERE upstream_server_id = $1`, [upstreamId]);
    expect((await api(sourceOne.DELETE, `/api/epg/sources/${own.id}`, { method: 'DELETE', params: { id: own.id } })).status).toBe(404);
  });

  test('a backup carries the sources (URL sealed) and the pins, dummies and offsets; a merge restore brings them back', async () => {
    const pass = 'a long backup passphrase';
    const doc = await createBackup(pass);
    expect(JSON.stringify(doc)).not.toContain('s3cr3t-token');
    const before = await query(`SELECT public_id, source_id, epg_channel_id, pinned, dummy, offset_minutes FROM epg_channel_map WHERE pinned OR offset_minutes <> 0 ORDER BY public_id`);
    expect(before.length).toBeGreaterThanOrEqual(3); // the pin, the dummy, the offset
    await query(`DELETE FROM epg_channel_map`);
    await query(`DELETE FROM epg_sources WHERE id = $1`, [low]);
    const restored = await restoreBackup({ document: doc, passphrase: pass, mode: 'merge' }, admin.id);
    expect(restored.counts.guides).toBeGreaterThan(0);
    expect(await query(`SELECT public_id, source_id, epg_channel_id, pinned, dummy, offset_minutes FROM epg_channel_map WHERE pinned OR offset_minutes <> 0 ORDER BY public_id`)).toEqual(before);
    const [back] = await query<{ name: string; priority: number; url_encrypted: string }>(`SELECT name, priority, url_encrypted FROM epg_sources WHERE id = $1`, [low]);
    expect(back).toMatchObject({ name: 'Low', priority: 5 });
    expect(back.url_encrypted).not.toContain('low.xml');
    expect((await refreshSource(low)).refreshed).toBe(true);
  });

  test('deleting a guide source, or the upstream of a provider guide, takes its programmes with it', async () => {
    // epg_programmes has no foreign keys (migration 0014): the source's delete trigger does the cascade.
    const count = async (sourceId: string) => (await query<{ n: number }>(`SELECT count(*)::int AS n FROM epg_programmes WHERE source_id = $1`, [sourceId]))[0].n;
    expect(await count(low)).toBeGreaterThan(0);
    expect((await api(sourceOne.DELETE, `/api/epg/sources/${low}`, { method: 'DELETE', params: { id: low } })).status).toBe(204);
    expect(await count(low)).toBe(0);
    const [own] = await query<{ id: string }>(`SELECT id FROM epg_sources WHERE upstream_server_id = $1`, [upstreamId]);
    expect(await count(own.id)).toBeGreaterThan(0);
    await query(`DELETE FROM upstream_servers WHERE id = $1`, [upstreamId]);
    expect(await count(own.id)).toBe(0);
    expect((await query<{ n: number }>(`SELECT count(*)::int AS n FROM epg_programmes WHERE upstream_server_id = $1`, [upstreamId]))[0].n).toBe(0);
  });
});
