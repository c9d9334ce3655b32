import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { startPanel, tail, type Panel } from './helpers/server';
import { syncFakeCatalog } from './helpers/catalog';
import { firstBytes } from './helpers/first-bytes';

const ADMIN = { username: 'admin', password: 'e2e-admin-Passw0rd!' };
const LINE = { username: 'route.player', password: 'pw-player-77' };



// The production server routes every player path through one table (server/player-routes.ts) ahead of
// Next: this suite checks those routes, the bare URL form, and that none swallows the panel's own routes.
describe('the Xtream surface through the production server', () => {
  let panel: Panel;
  let fake: FakeUpstream;
  const ids = { live: 0, archived: 0, movie: 0, movieExt: 'mp4' };
  let cookie = '';
  const q = (extra: Record<string, string> = {}) => new URLSearchParams({ username: LINE.username, password: LINE.password, ...extra }).toString();

  beforeAll(async () => {
    [panel, fake] = await Promise.all([
      startPanel({ env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password } }),
      startFakeUpstream({ live: 4, vod: 4, series: 2, categoriesPerType: 2, liveMedia: 'fixture', liveBytesPerSecond: 300_000 }),
    ]);
    try {
      const synced = await syncFakeCatalog(panel, fake, ADMIN, LINE);
      cookie = synced.cookie;
      Object.assign(ids, synced.ids);
    } catch (err) {
      (err as Error).message += `\n--- server output ---\n${tail(panel.logs(), 40)}`;
      throw err;
    }
  });
  afterAll(async () => {
    await Promise.all([panel?.stop(), fake?.close()]);
  });

  it('player_api.php answers at the root and under /api, GET and POST', async () => {
    const login = (await (await fetch(`${panel.baseUrl}/player_api.php?${q()}`)).json()) as { user_info: { auth: number; status: string }; server_info: { port: string } };
    expect(login.user_info).toMatchObject({ auth: 1, status: 'Active' });
    expect(login.server_info.port).toBe(String(panel.port));
    const alt = (await (await fetch(`${panel.baseUrl}/api/player_api.php?${q()}`)).json()) as { user_info: { auth: number } };
    expect(alt.user_info.auth).toBe(1);
    const post = await fetch(`${panel.baseUrl}/player_api.php`, { method: 'POST', body: new URLSearchParams({ username: LINE.username, password: LINE.password, action: 'get_live_categories' }) });
    expect(Array.isArray(await post.json())).toBe(true);
    expect((await fetch(`${panel.baseUrl}/player_api.php?username=x&password=y&action=get_live_streams`)).status).toBe(401);
  });

  it('lists are gzipped exactly once (compress is off, the bytes are pre-gzipped)', async () => {
    const res = await firstBytes(`${panel.baseUrl}/player_api.php?${q({ action: 'get_vod_streams' })}`, { 'accept-encoding': 'gzip' }, Number.MAX_SAFE_INTEGER);
    expect(res.headers['content-encoding']).toBe('gzip');
    const rows = JSON.parse(zlib.gunzipSync(res.body).toString('utf8')) as unknown[];
    expect(rows).toHaveLength(4);
  });

  it('get.php and xmltv.php answer at the root', async () => {
    const m3u = await fetch(`${panel.baseUrl}/get.php?${q({ type: 'm3u_plus' })}`);
    expect(m3u.headers.get('content-type')).toMatch(/audio\/x-mpegurl/);
    expect(await m3u.text()).toContain(`${panel.baseUrl}/live/${LINE.username}/${LINE.password}/${ids.live}.ts`);
    const guide = await fetch(`${panel.baseUrl}/xmltv.php?${q()}`);
    expect(guide.status).toBe(200);
    expect(await guide.text()).toContain('<tv');
  });

  it('live, movie and bare stream URLs relay through the panel', async () => {
    const live = await firstBytes(`${panel.baseUrl}/live/${LINE.username}/${LINE.password}/${ids.live}.ts`);
    expect(live.status).toBe(200);
    expect(live.headers['content-type']).toBe('video/mp2t');
    expect(live.body[0]).toBe(0x47);
    expect(live.body[188]).toBe(0x47);
    const bare = await firstBytes(`${panel.baseUrl}/${LINE.username}/${LINE.password}/${ids.live}`);
    expect(bare.status).toBe(200);
    expect(bare.body[0]).toBe(0x47);
    const movie = await fetch(`${panel.baseUrl}/movie/${LINE.username}/${LINE.password}/${ids.movie}.${ids.movieExt}`, { headers: { range: 'bytes=10-19' } });
    expect(movie.status).toBe(206);
    expect((await movie.arrayBuffer()).byteLength).toBe(10);
    const hls = await fetch(`${panel.baseUrl}/live/${LINE.username}/${LINE.password}/${ids.live}.m3u8`);
    const playlist = await hls.text();
    expect(playlist).toMatch(/^#EXTM3U/);
    expect(playlist).not.toContain(new URL(fake.url).host);
    const segment = playlist.split('\n').find((l) => l.startsWith('http'))!;
    expect(segment.startsWith(`${panel.baseUrl}/hls/`)).toBe(true);
    expect((await fetch(segment)).status).toBe(200);
  });

  it('catch-up URLs (path, query and ?utc=) reach the provider timeshift through the rewrites', async () => {
    const { username: u, password: p } = LINE;
    for (const path of [
      `/timeshift/${u}/${p}/60/2024-12-01:06-30/${ids.archived}.ts`,
      `/streaming/timeshift.php?username=${u}&password=${p}&stream=${ids.archived}&start=2024-12-01:06-30&duration=60`,
      `/live/${u}/${p}/${ids.archived}.ts?utc=${Date.UTC(2024, 11, 1, 6, 30) / 1000}&lutc=${Date.UTC(2024, 11, 1, 7, 30) / 1000}`,
    ]) {
      const res = await fetch(`${panel.baseUrl}${path}`, { headers: { range: 'bytes=0-99' } });
      expect(res.status, path).toBe(206);
      expect((await res.arrayBuffer()).byteLength, path).toBe(100);
      expect(fake.timeshift[fake.timeshift.length - 1], path).toMatchObject({ minutes: 60, start: '2024-12-01:06-30' });
    }
  });

  it("the bare-URL fallback never shadows the panel's own routes", async () => {
    const csrf = await fetch(`${panel.baseUrl}/api/auth/csrf`);
    expect(csrf.headers.get('content-type')).toMatch(/json/);
    const unknown = await fetch(`${panel.baseUrl}/api/x/123`);
    expect(unknown.status).toBe(401);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    const users = await fetch(`${panel.baseUrl}/api/users/00000000-0000-4000-8000-000000000000`, { headers: { cookie } });
    expect(users.status).toBe(404);
    expect((await fetch(`${panel.baseUrl}/login`)).status).toBe(200);
    // and a wrong password on a bare URL is the player surface's 401, not a page
    expect((await fetch(`${panel.baseUrl}/${LINE.username}/wrong/${ids.live}`)).status).toBe(401);
  });
});
