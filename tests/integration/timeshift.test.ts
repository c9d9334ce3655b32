import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { query } from '@/db/client';
import { playbackSettings } from '@/lib/relay/playback';
import { activeConnections } from '@/lib/slots/slots';
import { createRoutingRule, deleteRoutingRule } from '@/lib/routing/rules';
import { fakeFileBytes, startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { withFreshDatabase } from '../helpers/database';
import { startXtreamServer, type XtreamServer } from '../helpers/xtream-server';
import { addSyncedUpstream, closeAll, createActiveLine } from '../helpers/panel-setup';

// Catch-up through the panel: three URL forms, the start moved into each provider's time zone,
// channels without an archive, failover, redirect rules, slots.

withFreshDatabase();

const U = 'catchup';
const P = 'pw-catch-1';
const FILE_BYTES = 16 * 1024 * 1024 + 3; // larger than socket buffers: a recording stays open until it is read
let berlin: FakeUpstream; // higher priority, server_info.timezone Europe/Berlin
let utcProvider: FakeUpstream;
let panel: XtreamServer;
const upstreamIds: Record<string, string> = {};
let lineId = '';

async function publicIdOf(upstreamId: string, type: string, upstreamItemId: number): Promise<number> {
  const [row] = await query<{ public_id: number }>(
    'SELECT public_id FROM synced_content WHERE upstream_server_id = $1 AND stream_type = $2 AND stream_id = $3',
    [upstreamId, type, String(upstreamItemId)],
  );
  return row.public_id;
}

beforeAll(async () => {
  playbackSettings.fileIdleMs = 1_000;
  berlin = await startFakeUpstream({ live: 8, vod: 3, series: 1, fileBytes: FILE_BYTES, quirks: { timezone: 'Europe/Berlin' } });
  utcProvider = await startFakeUpstream({ live: 8, vod: 3, series: 1, fileBytes: FILE_BYTES });
  for (const [name, fake, priority] of [['berlin', berlin, 10], ['utc', utcProvider, 5]] as const) {
    const up = await addSyncedUpstream(fake, { name, priority });
    upstreamIds[name] = up.id;
  }
  lineId = (await createActiveLine(U, P, { maxConnections: 1, onLimit: 'refuse' }, 'http://x')).id;
  panel = await startXtreamServer();
}, 60_000);

afterAll(() => closeAll(panel, berlin, utcProvider));

// Channel 0 of the fake catalog keeps a 3-day archive, channel 1 none.
const archived = () => berlin.catalog.live[0];
const plain = () => berlin.catalog.live[1];
const last = (fake: FakeUpstream) => fake.timeshift[fake.timeshift.length - 1];

describe('catch-up', () => {
  test('the path form relays the recording, with the start written in the provider zone', async () => {
    const id = await publicIdOf(upstreamIds.berlin, 'live', archived().id);
    const res = await fetch(`${panel.url}/timeshift/${U}/${P}/90/2024-12-01:06-30/${id}.ts`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp2t');
    expect(Buffer.from(await res.arrayBuffer()).equals(fakeFileBytes(archived().id, 0, FILE_BYTES))).toBe(true);
    // 06:30 UTC is 07:30 in Berlin in winter, and the provider gets its own stream id.
    expect(last(berlin)).toEqual({ streamId: archived().id, minutes: 90, start: '2024-12-01:07-30', extension: 'ts' });
    // A recording is a playback: its slot is given back a moment after its last request.
    const deadline = Date.now() + playbackSettings.fileIdleMs + 3_000;
    while (activeConnections(lineId) !== 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(activeConnections(lineId)).toBe(0);
  });

  test('the query form and Range: 206 with exactly the bytes asked for; summer time moves the start two hours', async () => {
    const id = await publicIdOf(upstreamIds.berlin, 'live', archived().id);
    const res = await fetch(`${panel.url}/streaming/timeshift.php?username=${U}&password=${P}&stream=${id}&start=2024-07-01:20-15&duration=45`, {
      headers: { range: 'bytes=1000-1999' },
    });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 1000-1999/${FILE_BYTES}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(fakeFileBytes(archived().id, 1000, 2000))).toBe(true);
    expect(last(berlin)).toMatchObject({ minutes: 45, start: '2024-07-01:22-15' });
  });

  test("TiviMate's ?utc=&lutc= on the live URL plays the archive from utc to lutc", async () => {
    const id = await publicIdOf(upstreamIds.berlin, 'live', archived().id);
    const start = Date.UTC(2024, 11, 1, 18, 0) / 1000;
    const res = await fetch(`${panel.url}/live/${U}/${P}/${id}.ts?utc=${start}&lutc=${start + 2 * 3600 + 30}`, { headers: { range: 'bytes=0-9' } });
    expect(res.status).toBe(206);
    await res.arrayBuffer();
    expect(last(berlin)).toMatchObject({ minutes: 121, start: '2024-12-01:19-00' });
  });

  test('bad input and the wrong kind of item answer before anything is opened', async () => {
    const before = berlin.timeshift.length + utcProvider.timeshift.length;
    const channel = await publicIdOf(upstreamIds.berlin, 'live', archived().id);
    const noArchive = await publicIdOf(upstreamIds.berlin, 'live', plain().id);
    const movie = await publicIdOf(upstreamIds.berlin, 'vod', berlin.catalog.vod[0].id);
    const cases: [string, number][] = [
      [`/timeshift/${U}/${P}/90/2024-12-01:06-30/${noArchive}.ts`, 404],
      [`/timeshift/${U}/${P}/90/2024-12-01:06-30/${movie}.ts`, 404],
      [`/timeshift/${U}/${P}/90/yesterday/${channel}.ts`, 400],
      [`/timeshift/${U}/${P}/0/2024-12-01:06-30/${channel}.ts`, 400],
      [`/timeshift/${U}/${P}/99999/2024-12-01:06-30/${channel}.ts`, 400],
      [`/timeshift/${U}/wrong-pw/90/2024-12-01:06-30/${channel}.ts`, 401],
      [`/streaming/timeshift.php?username=${U}&password=${P}&stream=${channel}&start=2024-12-01:06-30`, 400],
      [`/streaming/timeshift.php?username=${U}&password=${P}&stream=abc&start=2024-12-01:06-30&duration=30`, 400],
      [`/live/${U}/${P}/${channel}.ts?utc=soon`, 400],
    ];
    for (const [path, status] of cases) {
      const res = await fetch(`${panel.url}${path}`);
      expect(res.status, path).toBe(status);
      expect(await res.text(), path).not.toContain(berlin.password);
    }
    expect(berlin.timeshift.length + utcProvider.timeshift.length).toBe(before);
  });

  test('a provider that cannot serve the recording is skipped for the copy on the next one', async () => {
    const id = await publicIdOf(upstreamIds.berlin, 'live', archived().id);
    // The Berlin provider lost this channel's archive (answers 404): the copy on the UTC provider plays.
    const original = berlin.catalog.live[0].tvArchiveDays;
    berlin.catalog.live[0].tvArchiveDays = 0;
    try {
      const res = await fetch(`${panel.url}/timeshift/${U}/${P}/30/2024-12-01:06-30/${id}.ts`, { headers: { range: 'bytes=0-99' } });
      expect(res.status).toBe(206);
      expect(Buffer.from(await res.arrayBuffer()).equals(fakeFileBytes(utcProvider.catalog.live[0].id, 0, 100))).toBe(true);
      expect(last(utcProvider)).toMatchObject({ streamId: utcProvider.catalog.live[0].id, start: '2024-12-01:06-30', minutes: 30 });
    } finally {
      berlin.catalog.live[0].tvArchiveDays = original;
    }
  });

  test('a redirect rule sends the player to the provider timeshift URL; a recording holds a viewer slot while it plays', async () => {
    const id = await publicIdOf(upstreamIds.berlin, 'live', archived().id);
    const rule = await createRoutingRule({ name: 'catch-up direct', contentSource: 'upstream', match: { publicId: id }, routingType: 'redirect', priority: 500, enabled: true });
    try {
      const res = await fetch(`${panel.url}/timeshift/${U}/${P}/60/2024-12-01:06-30/${id}.ts`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(`${berlin.url}/timeshift/${berlin.username}/${berlin.password}/60/2024-12-01:07-30/${archived().id}.ts`);
    } finally {
      await deleteRoutingRule(rule.id);
    }

    // A recording holds a viewer slot of the account while it plays, and gives it back when the player stops.
    const playing = await fetch(`${panel.url}/timeshift/${U}/${P}/60/2024-12-01:06-30/${id}.ts`);
    expect(playing.status).toBe(200);
    const reader = playing.body!.getReader();
    await reader.read();
    expect(activeConnections(lineId)).toBe(1);
    await reader.cancel();
    const deadline = Date.now() + playbackSettings.fileIdleMs + 3_000;
    while (activeConnections(lineId) !== 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(activeConnections(lineId)).toBe(0);
  });
});
