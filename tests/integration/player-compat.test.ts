import http from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseM3U } from '@iptv/playlist';
import * as linesApi from '@/app/api/lines/route';
import { query } from '@/db/client';
import { findJob } from '@/db/queries/sync-jobs';
import { createLine } from '@/lib/lines/service';
import { subscribeEvents } from '@/lib/monitor/events';
import { requestSync, settleSyncs } from '@/lib/sync/request-sync';
import { matchPlayerRoute } from '@/server/player-routes';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { call, makeUser } from '../helpers/admin-api';
import { withFreshDatabase } from '../helpers/database';
import { startXtreamServer, type XtreamServer } from '../helpers/xtream-server';
import { addFakeUpstream, closeAll } from '../helpers/panel-setup';

// Issue 10: what M3U-only players, browser players and strict accounts need from the player surface.

withFreshDatabase();

const SERIES = 5;
const EPISODES_PER_SERIES = 7;
let fake: FakeUpstream;
let panel: XtreamServer;
let upstreamId: string;
const USER = 'compat.both';
const PASS = 'pw-compat-1';
const HLS_USER = 'compat.hls';
const HLS_PASS = 'pw-compat-2';
const phases: string[] = [];

const seriesInfoCalls = () => fake.requests.filter((r) => r.action === 'get_series_info').length;

async function sync() {
  const job = await requestSync(upstreamId);
  await settleSyncs();
  return (await findJob(job.id))!;
}

/** A request with full control of method and headers; resolves at the response head (the body is drained or cut). */
function raw(method: string, path: string, headers: Record<string, string> = {}, readBody = false) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(`${panel.url}${path}`, { method, headers }, (res) => {
      if (!readBody) {
        resolve({ status: res.statusCode!, headers: res.headers, body: '' });
        res.destroy();
        return;
      }
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The first media segment URI of an HLS playlist (tags such as #EXT-X-KEY carry URIs too). */
const firstSegment = (m3u8: string) => m3u8.split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('#') && l.includes('/hls/'))!;

async function playlist(user: string, pass: string, extra = '') {
  const res = await fetch(`${panel.url}/get.php?username=${user}&password=${pass}&type=m3u_plus${extra}`);
  expect(res.status).toBe(200);
  return parseM3U(await res.text()).channels.map((c) => ({ name: c.name, url: c.url ?? '' }));
}

beforeAll(async () => {
  fake = await startFakeUpstream({
    live: 4, vod: 3, series: SERIES, episodesPerSeries: EPISODES_PER_SERIES, categoriesPerType: 2, fileBytes: 64 * 1024,
    liveMedia: 'fixture', liveBytesPerSecond: 300_000, account: { maxConnections: 50 }, password: 'up-compat-7',
  });
  const up = await addFakeUpstream(fake, { name: 'Compat', password: 'up-compat-7', timeoutSeconds: 10 });
  upstreamId = up.id;
  const base = { maxConnections: 50, expiresAt: null, isTrial: false, status: 'active', onLimit: 'kick_oldest' } as const;
  await createLine({ ...base, username: USER, password: PASS, allowedOutputFormats: ['ts', 'm3u8'] }, 'http://panel.test');
  await createLine({ ...base, username: HLS_USER, password: HLS_PASS, allowedOutputFormats: ['m3u8'] }, 'http://panel.test');
  panel = await startXtreamServer();
  const unsubscribe = subscribeEvents((e) => {
    if (e.type === 'sync') phases.push(e.phase);
  });
  try {
    expect((await sync()).status).toBe('succeeded');
  } finally {
    unsubscribe();
  }
}, 60_000);

afterAll(() => closeAll(panel, fake));

describe('episodes from the first sync (M3U-only players see every series)', () => {
  test('get.php lists every episode of every series right after the first sync, with no get_series_info asked of the panel', async () => {
    const [{ n: stored }] = await query<{ n: number }>('SELECT count(*)::int AS n FROM series_episodes');
    expect(stored).toBe(SERIES * EPISODES_PER_SERIES);
    const episodes = (await playlist(USER, PASS)).filter((c) => c.url.includes('/series/'));
    expect(episodes).toHaveLength(stored);
    const ids = await query<{ public_id: number }>('SELECT public_id FROM series_episodes ORDER BY public_id');
    expect(episodes.map((c) => Number(/\/(\d+)\.\w+$/.exec(c.url)![1])).sort((a, b) => a - b)).toEqual(ids.map((r) => r.public_id));
    // the sync asked the provider once per series; nobody asked the panel
    expect(seriesInfoCalls()).toBe(SERIES);
  });

  test('sync progress shows the episode phase, and the job counts the episodes', async () => {
    expect(phases).toContain(`episodes 0/${SERIES}`);
    expect(phases).toContain(`episodes ${SERIES}/${SERIES}`);
    const [job] = await query<{ counts: Record<string, number> }>('SELECT counts FROM sync_jobs ORDER BY created_at DESC LIMIT 1');
    expect(job.counts.episodes).toBe(SERIES * EPISODES_PER_SERIES);
  });

  test('get_series_info answers from the store: no call to the provider', async () => {
    const before = seriesInfoCalls();
    const shows = (await (await fetch(`${panel.url}/player_api.php?username=${USER}&password=${PASS}&action=get_series`)).json()) as { series_id: number }[];
    for (const show of shows) {
      const info = (await (await fetch(`${panel.url}/player_api.php?username=${USER}&password=${PASS}&action=get_series_info&series_id=${show.series_id}`)).json()) as {
        episodes: Record<string, unknown[]>;
      };
      expect(Object.values(info.episodes).flat()).toHaveLength(EPISODES_PER_SERIES);
    }
    expect(seriesInfoCalls()).toBe(before);
  });

  test('the next sync fetches only series whose last_modified changed', async () => {
    const before = seriesInfoCalls();
    expect((await sync()).status).toBe('succeeded');
    expect(seriesInfoCalls()).toBe(before);

    fake.catalog.series[1].lastModified += 600;
    fake.catalog.series[1].episodeCount = EPISODES_PER_SERIES - 2;
    expect((await sync()).status).toBe('succeeded');
    expect(seriesInfoCalls()).toBe(before + 1);
    expect((await playlist(USER, PASS)).filter((c) => c.url.includes('/series/'))).toHaveLength(SERIES * EPISODES_PER_SERIES - 2);
  });

  test('a failed or empty series answer keeps the stored episodes and makes the run partial', async () => {
    const episodesNow = async () => (await query<{ n: number }>('SELECT count(*)::int AS n FROM series_episodes'))[0].n;
    const stored = await episodesNow();
    // the provider errors during the episode phase only
    fake.catalog.series[2].lastModified += 600;
    const unsubscribe = subscribeEvents((e) => {
      if (e.type === 'sync' && e.phase.startsWith('episodes ')) fake.quirks.htmlError = e.phase === 'episodes 0/1';
    });
    let job;
    try {
      job = await sync();
    } finally {
      unsubscribe();
      fake.quirks.htmlError = false;
    }
    expect(job.status).toBe('partial');
    expect(job.error).toMatch(/episodes: 1 of 1 series failed/);
    expect(await episodesNow()).toBe(stored);

    // an answer without episodes deletes nothing either (XTREAM.md §7)
    fake.catalog.series[2].episodeCount = 0;
    const empty = await sync();
    expect(empty.status).toBe('partial');
    expect(empty.error).toMatch(/without episodes; kept the stored ones/);
    expect(await episodesNow()).toBe(stored);
    expect((await playlist(USER, PASS)).filter((c) => c.url.includes('/series/'))).toHaveLength(stored);
    fake.catalog.series[2].episodeCount = EPISODES_PER_SERIES; // the provider serves them again
  });
});

describe('CORS for browser players (XTREAM.md §5)', () => {
  const CORS_ORIGIN = 'https://web-player.example';

  async function playerPaths(): Promise<string[]> {
    const [live] = await query<{ public_id: number }>(`SELECT public_id FROM synced_content WHERE stream_type = 'live' ORDER BY public_id LIMIT 1`);
    const [movie] = await query<{ public_id: number }>(`SELECT public_id FROM synced_content WHERE stream_type = 'vod' ORDER BY public_id LIMIT 1`);
    const [episode] = await query<{ public_id: number }>('SELECT public_id FROM series_episodes ORDER BY public_id LIMIT 1');
    const m3u8 = await raw('GET', `/live/${USER}/${PASS}/${live.public_id}.m3u8`, {}, true);
    const segment = firstSegment(m3u8.body);
    const cred = `username=${USER}&password=${PASS}`;
    return [
      `/player_api.php?${cred}`,
      `/player_api.php?${cred}&action=get_live_streams`,
      `/api/player_api.php?${cred}`,
      `/panel_api.php?${cred}`,
      `/get.php?${cred}&type=m3u_plus`,
      `/xmltv.php?${cred}`,
      `/streaming/timeshift.php?${cred}&stream=${live.public_id}&start=2025-01-01:10-00&duration=30`,
      `/live/${USER}/${PASS}/${live.public_id}.ts`,
      `/live/${USER}/${PASS}/${live.public_id}.m3u8`,
      new URL(segment).pathname,
      `/movie/${USER}/${PASS}/${movie.public_id}.mp4`,
      `/series/${USER}/${PASS}/${episode.public_id}.mp4`,
      `/timeshift/${USER}/${PASS}/30/2025-01-01:10-00/${live.public_id}.ts`,
      `/${USER}/${PASS}/${movie.public_id}`,
    ];
  }

  test('every player route answers a preflight OPTIONS with 204 and the CORS headers', async () => {
    for (const path of await playerPaths()) {
      const res = await raw('OPTIONS', path, { Origin: CORS_ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'range, x-player' });
      expect(res.status, path).toBe(204);
      expect(res.headers['access-control-allow-origin'], path).toBe('*');
      expect(res.headers['access-control-allow-methods'], path).toBe('GET, POST, HEAD, OPTIONS');
      const allowed = String(res.headers['access-control-allow-headers']).toLowerCase().split(/,\s*/);
      expect(allowed, path).toEqual(expect.arrayContaining(['range', 'x-player']));
    }
  });

  test('every player route answers a GET with Origin with Allow-Origin * and the range headers exposed', async () => {
    for (const path of await playerPaths()) {
      const res = await raw('GET', path, { Origin: CORS_ORIGIN, Range: 'bytes=0-99' });
      expect(res.status, path).toBeLessThan(500);
      expect(res.headers['access-control-allow-origin'], path).toBe('*');
      const exposed = String(res.headers['access-control-expose-headers']).toLowerCase().split(/,\s*/);
      expect(exposed, path).toEqual(expect.arrayContaining(['content-range', 'content-length', 'accept-ranges']));
    }
    // and on a failure too (a browser must be able to read the 401)
    const denied = await raw('GET', `/player_api.php?username=${USER}&password=wrong&action=get_live_streams`, { Origin: CORS_ORIGIN });
    expect(denied.status).toBe(401);
    expect(denied.headers['access-control-allow-origin']).toBe('*');
  });

  test('a ranged movie request through CORS is a 206 a browser can read', async () => {
    const [movie] = await query<{ public_id: number }>(`SELECT public_id FROM synced_content WHERE stream_type = 'vod' ORDER BY public_id LIMIT 1`);
    const res = await raw('GET', `/movie/${USER}/${PASS}/${movie.public_id}.mp4`, { Origin: CORS_ORIGIN, Range: 'bytes=0-99' }, true);
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toMatch(/^bytes 0-99\//);
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });

  test('the admin API gets no CORS headers: the player front leaves it to Next, and its handlers add none', async () => {
    for (const path of ['/api/lines', '/api/health', '/api/upstream/x/test', '/', '/login', '/lines']) expect(matchPlayerRoute(path), path).toBeNull();
    const preflight = await raw('OPTIONS', '/api/lines', { Origin: CORS_ORIGIN, 'Access-Control-Request-Method': 'GET' });
    expect(preflight.status).toBe(404); // the test server's answer for what the front does not take
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const admin = await makeUser('compat-admin', 'admin');
    const res = await call(linesApi.GET, '/api/lines', { cookie: admin.cookie, headers: { origin: CORS_ORIGIN } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('multipart/form-data bodies', () => {
  test('player_api.php reads a multipart POST like a form body', async () => {
    const form = new FormData();
    form.set('username', USER);
    form.set('password', PASS);
    form.set('action', 'get_live_categories');
    const res = await fetch(`${panel.url}/player_api.php`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[]).length).toBeGreaterThan(0);
    const login = new FormData();
    login.set('username', USER);
    login.set('password', PASS);
    const payload = (await (await fetch(`${panel.url}/player_api.php`, { method: 'POST', body: login })).json()) as { user_info: { auth: number } };
    expect(payload.user_info.auth).toBe(1);
  });
});

describe('the playlist follows the account\'s output formats', () => {
  test('an m3u8-only account gets .m3u8 live URLs without output, with output=ts and with output=mpegts', async () => {
    for (const extra of ['', '&output=ts', '&output=mpegts', '&output=m3u8']) {
      const live = (await playlist(HLS_USER, HLS_PASS, extra)).filter((c) => c.url.includes('/live/'));
      expect(live.length).toBeGreaterThan(0);
      for (const c of live) expect(c.url, extra).toMatch(/\.m3u8$/);
    }
    // an account allowed both keeps what it asks for
    expect((await playlist(USER, PASS)).find((c) => c.url.includes('/live/'))!.url).toMatch(/\.ts$/);
  });

  test('every URL of an m3u8-only account\'s get.php plays', async () => {
    const entries = await playlist(HLS_USER, HLS_PASS);
    expect(entries.some((c) => c.url.includes('/movie/'))).toBe(true);
    expect(entries.some((c) => c.url.includes('/series/'))).toBe(true);
    for (const { url } of entries) {
      const path = new URL(url).pathname;
      if (path.startsWith('/live/')) {
        const res = await raw('GET', path, {}, true);
        expect(res.status, path).toBe(200);
        expect(res.body.startsWith('#EXTM3U'), path).toBe(true);
        const segment = firstSegment(res.body);
        const seg = await fetch(segment);
        expect(seg.status, segment).toBe(200);
        expect((await seg.arrayBuffer()).byteLength, segment).toBeGreaterThan(0);
      } else {
        const res = await fetch(`${panel.url}${path}`, { headers: { Range: 'bytes=0-1023' } });
        expect([200, 206], path).toContain(res.status);
        expect((await res.arrayBuffer()).byteLength, path).toBeGreaterThan(0);
      }
    }
  });
});
