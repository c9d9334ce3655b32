import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { query } from '@/db/client';
import * as bouquetsApi from '@/app/api/bouquets/route';
import * as linesApi from '@/app/api/lines/route';
import * as lineOne from '@/app/api/lines/[id]/route';
import { isValidDeviceId } from '@/lib/hdhr/device-id';
import { getSettings, saveSettings } from '@/lib/settings';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { call, makeUser, type TestUser } from '../helpers/admin-api';
import { withFreshDatabase } from '../helpers/database';
import { startXtreamServer, type XtreamServer } from '../helpers/xtream-server';
import { addSyncedUpstream, closeAll } from '../helpers/panel-setup';

// Issue 13, must-show 1: the HDHomeRun files answer what a real device's do (compared in shape and
// JSON types with recorded answers in tests/fixtures/hdhr), every lineup URL plays, a bouquet decides
// the lineup, a wrong password is 401.

withFreshDatabase();
const run = promisify(execFile);
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'hdhr');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

let fake: FakeUpstream;
let panel: XtreamServer;
let admin: TestUser;
const FULL = { username: 'den.tv', password: 'pw-den-1' };
const SOME = { username: 'kids.tv', password: 'pw-kids-1' };
const api = (handler: Parameters<typeof call>[0], url: string, init: Parameters<typeof call>[2] = {}) => call(handler, url, { cookie: admin.cookie, ...init });
const hdhr = (who: { username: string; password: string }, file: string, init?: RequestInit) => fetch(`${panel.url}/hdhr/${who.username}/${who.password}/${file}`, init);

/** The JSON type of every value, recursively (arrays by the types of their elements). */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return [...new Set(v.map((x) => JSON.stringify(shape(x))))].map((s) => JSON.parse(s));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]).sort(([a], [b]) => String(a).localeCompare(String(b))));
  return v === null ? 'null' : typeof v;
}

/** Element paths of an XML document (`root/device/modelNumber`...), in order, without attributes or text. */
function xmlPaths(xml: string): string[] {
  const paths: string[] = [];
  const stack: string[] = [];
  for (const m of xml.replace(/<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([A-Za-z][\w:.-]*)[^>]*?(\/?)>/g)) {
    if (m[1]) stack.pop();
    else {
      stack.push(m[2]);
      paths.push(stack.join('/'));
      if (m[3]) stack.pop();
    }
  }
  return paths;
}

async function liveStreams(who: { username: string; password: string }): Promise<{ num: number; stream_id: number; name: string }[]> {
  const res = await fetch(`${panel.url}/player_api.php?${new URLSearchParams({ ...who, action: 'get_live_streams' })}`);
  expect(res.status).toBe(200);
  return res.json();
}

beforeAll(async () => {
  fake = await startFakeUpstream({ live: 6, vod: 1, series: 1, categoriesPerType: 3, liveMedia: 'fixture', liveBytesPerSecond: 400_000, account: { maxConnections: 10 } });
  await addSyncedUpstream(fake, { name: 'Fake', timeoutSeconds: 10 });
  admin = await makeUser('tuner-admin', 'admin');
  expect((await api(linesApi.POST, '/api/lines', { method: 'POST', body: { ...FULL, maxConnections: 3 } })).status).toBe(201);
  expect((await api(linesApi.POST, '/api/lines', { method: 'POST', body: { ...SOME, maxConnections: 0 } })).status).toBe(201);
  panel = await startXtreamServer();
}, 120_000);

afterAll(() => closeAll(panel, fake));

describe('must-show 1: an HDHomeRun per account', () => {
  test('discover.json, lineup_status.json and device.xml have a real device’s shape and types', async () => {
    const res = await hdhr(FULL, 'discover.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const discover = await res.json();
    expect(shape(discover)).toEqual(shape(JSON.parse(fixture('discover.json'))));
    expect(discover.ModelNumber).toBe('HDTC-2US');
    expect(isValidDeviceId(discover.DeviceID)).toBe(true);
    expect(discover.BaseURL).toBe(`${panel.url}/hdhr/${FULL.username}/${FULL.password}`);
    expect(discover.LineupURL).toBe(`${discover.BaseURL}/lineup.json`);
    // The account's connection limit, unless the setting names a count.
    expect(discover.TunerCount).toBe(3);
    const other = await (await hdhr(SOME, 'discover.json')).json();
    expect(other.TunerCount).toBe(4); // unlimited account
    expect(other.DeviceID).not.toBe(discover.DeviceID);
    expect((await (await hdhr(FULL, 'discover.json')).json()).DeviceID).toBe(discover.DeviceID);
    const settings = await getSettings();
    await saveSettings({ ...settings, hdhrTunerCount: 6 });
    try {
      expect((await (await hdhr(FULL, 'discover.json')).json()).TunerCount).toBe(6);
    } finally {
      await saveSettings({ ...settings, hdhrTunerCount: null });
    }

    const status = await (await hdhr(FULL, 'lineup_status.json')).json();
    expect(shape(status)).toEqual(shape(JSON.parse(fixture('lineup_status.json'))));
    expect(status.ScanInProgress).toBe(0);

    const xmlRes = await hdhr(FULL, 'device.xml');
    expect(xmlRes.headers.get('content-type')).toMatch(/xml/);
    const xml = await xmlRes.text();
    expect(xmlPaths(xml)).toEqual(xmlPaths(fixture('device.xml')));
    expect(xml).toContain(`<URLBase>${discover.BaseURL}</URLBase>`);
    expect(xml).toContain('<modelNumber>HDTC-2US</modelNumber>');

    const post = await hdhr(FULL, 'lineup.post?scan=start&source=Cable', { method: 'POST' });
    expect(post.status).toBe(200);
  });

  test('lineup.json: a real device’s entry shape, guide numbers = channel numbers, every URL plays with ffprobe', async () => {
    const lineup: Record<string, unknown>[] = await (await hdhr(FULL, 'lineup.json')).json();
    const real: Record<string, unknown>[] = JSON.parse(fixture('lineup.json'));
    const realTypes = new Map(real.flatMap((e) => Object.entries(e).map(([k, v]) => [k, typeof v])));
    expect(lineup.length).toBe(6);
    for (const entry of lineup) {
      for (const key of ['GuideNumber', 'GuideName', 'URL']) expect(entry, key).toHaveProperty(key);
      for (const [k, v] of Object.entries(entry)) expect({ k, type: typeof v }).toEqual({ k, type: realTypes.get(k) });
    }
    const streams = await liveStreams(FULL);
    expect(lineup.map((e) => [e.GuideNumber, e.GuideName])).toEqual(streams.map((s) => [String(s.num), s.name]));
    expect(lineup.map((e) => e.URL)).toEqual(streams.map((s) => `${panel.url}/live/${FULL.username}/${FULL.password}/${s.stream_id}.ts`));
    for (const entry of lineup) {
      const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name', '-of', 'csv=p=0', String(entry.URL)], { timeout: 30_000 });
      expect([...new Set(stdout.split('\n').map((l) => l.trim()).filter(Boolean))].sort(), String(entry.URL)).toEqual(['aac,audio', 'h264,video']);
    }
  }, 180_000);

  test('an account with a bouquet lists only its channels', async () => {
    const [cat] = await query<{ id: number }>(`SELECT id FROM categories WHERE category_type = 'live' AND upstream_server_id IS NOT NULL ORDER BY id LIMIT 1`);
    const made = await api(bouquetsApi.POST, '/api/bouquets', { method: 'POST', body: { name: 'Kids', categories: [{ type: 'live', categoryId: cat.id }] } });
    expect(made.status).toBe(201);
    const line = (await api(linesApi.GET, '/api/lines')).json.items.find((l: { username: string }) => l.username === SOME.username);
    expect((await api(lineOne.PATCH, `/api/lines/${line.id}`, { method: 'PATCH', params: { id: line.id }, body: { bouquetIds: [made.json.id] } })).status).toBe(200);
    const inCategory = await query<{ public_id: number }>(`SELECT public_id FROM synced_content WHERE stream_type = 'live' AND category_id = $1 AND removed_at IS NULL`, [cat.id]);
    expect(inCategory.length).toBeGreaterThan(0);
    expect(inCategory.length).toBeLessThan(6);
    const lineup: { URL: string }[] = await (await hdhr(SOME, 'lineup.json')).json();
    const ids = lineup.map((e) => Number(/\/(\d+)\.ts$/.exec(e.URL)![1])).sort((a, b) => a - b);
    expect(ids).toEqual(inCategory.map((r) => Number(r.public_id)).sort((a, b) => a - b));
    expect(ids).toEqual((await liveStreams(SOME)).map((s) => s.stream_id).sort((a, b) => a - b));
  });

  test('a wrong password is 401 on every file; an unknown file is 404', async () => {
    for (const file of ['discover.json', 'lineup.json', 'lineup_status.json', 'lineup.post', 'device.xml']) {
      const res = await hdhr({ ...FULL, password: 'wrong-pw' }, file);
      expect({ file, status: res.status }).toEqual({ file, status: 401 });
      expect(await res.text()).not.toContain('http');
    }
    expect((await hdhr(FULL, 'tuners.json')).status).toBe(404);
  });
});
