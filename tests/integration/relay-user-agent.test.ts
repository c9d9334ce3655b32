import http from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hubSettings } from '@/lib/relay/live-hub';
import { endAllPlaybacks } from '@/lib/relay/playback';
import { forgetRoutableUpstreams } from '@/lib/routing/upstreams';
import { defaultUserAgent } from '@/lib/upstream';
import { updateUpstream } from '@/lib/upstream/server-service';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { withFreshDatabase } from '../helpers/database';
import { startXtreamServer, type XtreamServer } from '../helpers/xtream-server';
import { addSyncedUpstream, closeAll, createActiveLine, publicIdOf as publicIdOfItem } from '../helpers/panel-setup';

// The upstream's configured User-Agent is what its streams see, on every relay path: the live hub's
// raw socket, movie files, HLS playlists and their segments. Without one, the panel's default.
withFreshDatabase();

const CONFIGURED = 'NeroPanel-Test/2.0 (configured agent)';
let fake: FakeUpstream;
let panel: XtreamServer;
let upstreamId = '';

const publicIdOf = (type: string, upstreamItemId: number) => publicIdOfItem(upstreamId, type, upstreamItemId);

/** The first bytes of a live stream, then the connection is dropped. */
function firstLiveBytes(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${panel.url}${path}`, { agent: false }, (res) => {
      res.once('data', (c: Buffer) => {
        resolve(c.length);
        req.destroy();
      });
    });
    req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
  });
}

const agentsSeenFor = (pathPart: RegExp) => fake.requests.filter((r) => pathPart.test(r.path)).map((r) => r.userAgent);

beforeAll(async () => {
  hubSettings.lingerMs = 200;
  fake = await startFakeUpstream({ live: 3, vod: 3, series: 1, fileBytes: 64 * 1024 });
  const up = await addSyncedUpstream(fake, { name: 'ua', priority: 1, userAgent: CONFIGURED });
  upstreamId = up.id;
  await createActiveLine('ua.viewer', 'pw-ua-1', {}, 'http://x');
  panel = await startXtreamServer();
}, 60_000);

afterAll(async () => {
  endAllPlaybacks();
  await closeAll(panel, fake);
});

describe('relays send the upstream User-Agent', () => {
  test('live .ts (the hub), a movie file, an HLS playlist and its segments all carry the configured agent', async () => {
    const live = await publicIdOf('live', fake.catalog.live[0].id);
    const movie = fake.catalog.vod[0];
    const moviePublic = await publicIdOf('vod', movie.id);
    fake.requests.length = 0;

    expect(await firstLiveBytes(`/live/ua.viewer/pw-ua-1/${live}.ts`)).toBeGreaterThan(0);
    const file = await fetch(`${panel.url}/movie/ua.viewer/pw-ua-1/${moviePublic}.${movie.extension}`);
    expect(file.status).toBe(200);
    await file.arrayBuffer();
    const playlist = await fetch(`${panel.url}/live/ua.viewer/pw-ua-1/${await publicIdOf('live', fake.catalog.live[1].id)}.m3u8`);
    expect(playlist.status).toBe(200);
    const segment = (await playlist.text()).split('\n').find((l) => l.startsWith('http'))!;
    expect((await fetch(segment)).status).toBe(200);

    const liveAgents = agentsSeenFor(new RegExp(`/live/[^/]+/[^/]+/${fake.catalog.live[0].id}\\.ts$`));
    const movieAgents = agentsSeenFor(/^\/movie\//);
    const hlsAgents = agentsSeenFor(new RegExp(`/${fake.catalog.live[1].id}\\.m3u8$|^/hls/`));
    expect(liveAgents.length).toBeGreaterThan(0);
    expect(movieAgents.length).toBeGreaterThan(0);
    expect(agentsSeenFor(/^\/hls\//).length).toBeGreaterThan(0); // a segment (or nested playlist), not only the playlist
    for (const agent of [...liveAgents, ...movieAgents, ...hlsAgents]) expect(agent).toBe(CONFIGURED);
  }, 30_000);

  test('without a configured agent the default one is sent', async () => {
    await updateUpstream(upstreamId, { userAgent: null });
    forgetRoutableUpstreams();
    const movie = fake.catalog.vod[1];
    fake.requests.length = 0;
    const file = await fetch(`${panel.url}/movie/ua.viewer/pw-ua-1/${await publicIdOf('vod', movie.id)}.${movie.extension}`);
    expect(file.status).toBe(200);
    await file.arrayBuffer();
    const agents = agentsSeenFor(/^\/movie\//);
    expect(agents.length).toBeGreaterThan(0);
    for (const agent of agents) expect(agent).toBe(defaultUserAgent);
  }, 30_000);
});
