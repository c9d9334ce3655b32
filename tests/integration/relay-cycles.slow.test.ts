import http from 'node:http';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { hubSettings } from '@/lib/relay/live-hub';
import { activeConnections, listViewers, upstreamSlotsInUse } from '@/lib/slots/slots';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { withFreshDatabase } from '../helpers/database';
import { startXtreamServer, type XtreamServer } from '../helpers/xtream-server';
import { addSyncedUpstream, closeAll, createActiveLine, publicIdOf, waitFor } from '../helpers/panel-setup';

// The soak half of relay.test.ts's "a viewer whose socket is destroyed mid-stream frees its slot":
// 1000 open/abort cycles through the live relay. About 15 s alone on a quiet 2-core machine, so it runs
// in `npm run test:slow` (CI runs it on both databases), not in `npm test`.

withFreshDatabase();

let fake: FakeUpstream;
let panel: XtreamServer;
let upstreamId = '';
let lineId = '';
const U = 'cycler';
const P = 'pw-cycle-1';

beforeAll(async () => {
  hubSettings.lingerMs = 1_000;
  fake = await startFakeUpstream({ live: 3, vod: 1, series: 1, liveMedia: 'fixture', liveBytesPerSecond: 400_000 });
  upstreamId = (await addSyncedUpstream(fake, { name: 'cycles' })).id;
  lineId = (await createActiveLine(U, P, {}, 'http://x')).id;
  panel = await startXtreamServer();
}, 60_000);

afterAll(() => closeAll(panel, fake));

describe('live relay soak', () => {
  test('1000 open/abort cycles (before the answer, right after it, after some data) leave no slot taken', async () => {
    const id = await publicIdOf(upstreamId, 'live', fake.catalog.live[2].id);
    for (let round = 0; round < 20; round++) {
      await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const req = http.get(`${panel.url}/live/${U}/${P}/${id}.ts`, { agent: false });
          req.on('error', () => {});
          // abort at different moments: before the answer, right after it, after some data
          if (i % 3 === 0) return void setImmediate(() => req.destroy());
          await new Promise<void>((r) => req.on('response', (res) => (i % 3 === 1 ? (req.destroy(), r()) : res.once('data', () => (req.destroy(), r())))).on('error', () => r()));
        }),
      );
    }
    await waitFor(() => activeConnections(lineId) === 0 && listViewers().length === 0, 5_000, 'every slot back');
    await waitFor(() => upstreamSlotsInUse().size === 0, hubSettings.lingerMs + 3_000, 'upstream slots back');
  }, 180_000); // 1000 cycles: about 15 s alone, several times that on a loaded 2-core machine
});
