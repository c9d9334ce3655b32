import http from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { query } from '@/db/client';
import { hubSettings } from '@/lib/relay/live-hub';
import { listViewers, upstreamSlotsInUse } from '@/lib/slots/slots';
import { servePlayerRequest } from '@/server/player-routes';
import { servePreviewRequest } from '@/server/preview-route';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { makeUser } from '../helpers/admin-api';
import { withFreshDatabase } from '../helpers/database';
import { listenLocal } from '../helpers/listen';
import { addSyncedUpstream, closeAll, createActiveLine, waitFor } from '../helpers/panel-setup';

// GET /api/preview/{publicId} (issue 13, admin preview): the panel session instead of a player
// account, the players' hub for live channels (one upstream connection), a viewer "preview (user)".

withFreshDatabase();
let fake: FakeUpstream;
let panel: { url: string; close: () => Promise<void> };
let admin: Awaited<ReturnType<typeof makeUser>>;
let channel = 0;

function open(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ res: http.IncomingMessage; abort: () => void; first: Promise<Buffer> }>((resolve, reject) => {
    const req = http.get(`${panel.url}${path}`, { headers, agent: false }, (res) => {
      const first = new Promise<Buffer>((r) => res.once('data', r));
      res.on('error', () => {});
      resolve({ res, abort: () => req.destroy(), first });
    });
    req.on('error', reject);
  });
}


beforeAll(async () => {
  hubSettings.lingerMs = 300;
  fake = await startFakeUpstream({ live: 2, vod: 1, series: 1, liveMedia: 'fixture', liveBytesPerSecond: 200_000 });
  await addSyncedUpstream(fake, { name: 'Fake' });
  channel = Number((await query<{ public_id: number }>(`SELECT public_id FROM synced_content WHERE stream_type = 'live' ORDER BY public_id LIMIT 1`))[0].public_id);
  admin = await makeUser('previewer', 'admin');
  await createActiveLine('couch', 'pw-couch-1', { allowedOutputFormats: ['ts'] }, 'http://x');
  // The node front's order: player routes, then the preview.
  panel = await listenLocal(
    http.createServer((req, res) => {
      if (servePlayerRequest(req, res) || servePreviewRequest(req, res)) return;
      res.writeHead(404).end();
    }),
  );
}, 60_000);

afterAll(() => closeAll(panel, fake));

describe('GET /api/preview/{publicId}', () => {
  test('401 JSON without a session or with a forged cookie; 404 for an unknown id', async () => {
    for (const cookie of [undefined, 'next-auth.session-token=not-a-jwt', `${admin.cookie.slice(0, -4)}AAAA`]) {
      const res = await fetch(`${panel.url}/api/preview/${channel}`, { headers: cookie ? { cookie } : {} });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'Sign in to preview' } });
    }
    expect((await fetch(`${panel.url}/api/preview/987654`, { headers: { cookie: admin.cookie } })).status).toBe(404);
    expect((await fetch(`${panel.url}/api/preview/x1`, { headers: { cookie: admin.cookie } })).status).toBe(404);
  });

  test('a live preview shares the players’ hub (one upstream connection) and shows as “preview (user)”; leaving releases it', async () => {
    const player = await open(`/live/couch/pw-couch-1/${channel}.ts`);
    await player.first;
    const preview = await open(`/api/preview/${channel}`, { cookie: admin.cookie });
    expect(preview.res.statusCode).toBe(200);
    expect(preview.res.headers['content-type']).toBe('video/mp2t');
    expect(preview.res.headers['access-control-allow-origin']).toBeUndefined();
    expect((await preview.first)[0]).toBe(0x47);
    const viewers = listViewers();
    expect(viewers.map((v) => v.line).sort()).toEqual(['couch', 'preview (previewer)']);
    expect(viewers.find((v) => v.line === 'preview (previewer)')).toMatchObject({ publicId: channel, mode: 'proxy' });
    expect(Object.values(fake.stats.openLive).reduce((a, n) => a + n, 0)).toBe(1);
    expect([...upstreamSlotsInUse().values()]).toEqual([1]);
    preview.abort();
    player.abort();
    await waitFor(() => listViewers().length === 0, 3_000, 'viewers released');
    await waitFor(() => upstreamSlotsInUse().size === 0, 3_000, 'upstream released');
  });
});
