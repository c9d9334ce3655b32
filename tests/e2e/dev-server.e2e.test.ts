import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { syncFakeCatalog } from './helpers/catalog';
import { firstBytes } from './helpers/first-bytes';
import { startPanel, tail, type Panel } from './helpers/server';

const ADMIN = { username: 'admin', password: 'e2e-admin-Passw0rd!' };
const LINE = { username: 'dev.player', password: 'pw-dev-77' };


// `npm run dev` starts the same server entry as production (server/main.ts with next({ dev: true })),
// so players reach the same routing table in development.
describe('npm run dev serves the player surface as production does', () => {
  let panel: Panel;
  let fake: FakeUpstream;
  let live = 0;
  const q = (extra: Record<string, string> = {}) => new URLSearchParams({ username: LINE.username, password: LINE.password, ...extra }).toString();

  beforeAll(async () => {
    [panel, fake] = await Promise.all([
      startPanel({ dev: true, readyTimeoutMs: 110_000, env: { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password } }),
      startFakeUpstream({ live: 3, vod: 3, series: 1, categoriesPerType: 1, liveMedia: 'fixture', liveBytesPerSecond: 300_000 }),
    ]);
    try {
      live = (await syncFakeCatalog(panel, fake, ADMIN, LINE)).ids.live;
    } catch (err) {
      (err as Error).message += `\n--- server output ---\n${tail(panel.logs(), 40)}`;
      throw err;
    }
  }, 240_000);
  afterAll(async () => {
    await Promise.all([panel?.stop(), fake?.close()]);
  });

  it('player_api.php logs in and lists channels', async () => {
    const login = (await (await fetch(`${panel.baseUrl}/player_api.php?${q()}`)).json()) as { user_info: { auth: number; status: string } };
    expect(login.user_info).toMatchObject({ auth: 1, status: 'Active' });
    const streams = (await (await fetch(`${panel.baseUrl}/player_api.php?${q({ action: 'get_live_streams' })}`)).json()) as unknown[];
    expect(streams).toHaveLength(3);
  });

  it('get.php writes the playlist with panel URLs', async () => {
    const res = await fetch(`${panel.baseUrl}/get.php?${q({ type: 'm3u_plus', output: 'ts' })}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/mpegurl/);
    const text = await res.text();
    expect(text.startsWith('#EXTM3U')).toBe(true);
    expect(text).toContain(`${panel.baseUrl}/live/${LINE.username}/${LINE.password}/${live}.ts`);
  });

  it('a live .ts stream relays MPEG-TS', async () => {
    const res = await firstBytes(`${panel.baseUrl}/live/${LINE.username}/${LINE.password}/${live}.ts`, {}, 188 * 50);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('video/mp2t');
    expect(res.body.length).toBeGreaterThanOrEqual(188 * 50);
    expect(res.body[0]).toBe(0x47);
  });
});
