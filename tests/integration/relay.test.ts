import { execFile } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { updateLine } from '@/lib/lines/service';
import { connectionsSnapshot } from '@/lib/slots/connections';
import { hubSettings } from '@/lib/relay/live-hub';
import { endAllPlaybacks, playbackSettings } from '@/lib/relay/playback';
import { createRoutingRule, deleteRoutingRule } from '@/lib/routing/rules';
import { getSettings, saveSettings } from '@/lib/settings';
import { activeConnections, listViewers, upstreamSlotsInUse } from '@/lib/slots/slots';
import { updateUpstream } from '@/lib/upstream/server-service';
import { fakeFileBytes, startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { withFreshDatabase } from '../helpers/database';
import { startXtreamServer, type XtreamServer } from '../helpers/xtream-server';
import { addSyncedUpstream, closeAll, createActiveLine, publicIdOf, waitFor } from '../helpers/panel-setup';

withFreshDatabase();
const run = promisify(execFile);

let primary: FakeUpstream;
let backup: FakeUpstream;
let panel: XtreamServer;
const ids: { primaryUpstream: string; backupUpstream: string } = { primaryUpstream: '', backupUpstream: '' };
let lineId = '';
const U = 'watcher';
const P = 'pw-watch-1';


/** Opens a stream and resolves with the response once headers arrived; `abort()` destroys the socket. */
function open(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ res: http.IncomingMessage; bytes: () => number; abort: () => void; firstChunk: Promise<Buffer> }>((resolve, reject) => {
    const req = http.get(`${panel.url}${path}`, { headers, agent: false }, (res) => {
      let n = 0;
      let first!: (b: Buffer) => void;
      const firstChunk = new Promise<Buffer>((r) => (first = r));
      res.on('data', (c: Buffer) => {
        if (n === 0) first(c);
        n += c.length;
      });
      res.on('error', () => {});
      resolve({ res, bytes: () => n, abort: () => req.destroy(), firstChunk });
    });
    req.on('error', reject);
  });
}

/** A GET on a raw socket: the whole answer as the wire carried it ('' for an empty reply). */
function rawGet(path: string): Promise<string> {
  const { hostname, port } = new URL(panel.url);
  return new Promise((resolve) => {
    let data = '';
    const socket = net.connect(Number(port), hostname, () => socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`));
    socket.setEncoding('latin1');
    socket.on('data', (c: string) => (data += c));
    socket.on('error', () => {});
    socket.on('close', () => resolve(data));
    socket.setTimeout(15_000, () => socket.destroy());
  });
}


/**
 * Caps both providers at one connection and fills each with one viewer (a channel of each);
 * `release()` ends both viewers, lifts the caps and waits until the line's slots are free.
 */
async function fillBothUpstreams() {
  await updateUpstream(ids.primaryUpstream, { maxConnections: 1 });
  await updateUpstream(ids.backupUpstream, { maxConnections: 1 });
  const a = await publicIdOf(ids.primaryUpstream, 'live', primary.catalog.live[4].id);
  const b = await publicIdOf(ids.backupUpstream, 'live', backup.catalog.live[2].id);
  const holdA = await open(`/live/${U}/${P}/${a}.ts`);
  const holdB = await open(`/live/${U}/${P}/${b}.ts`);
  return {
    firstChunks: Promise.all([holdA.firstChunk, holdB.firstChunk]),
    release: async () => {
      holdA.abort();
      holdB.abort();
      await updateUpstream(ids.primaryUpstream, { maxConnections: null });
      await updateUpstream(ids.backupUpstream, { maxConnections: null });
      await waitFor(() => activeConnections(lineId) === 0, 2_000, 'slots freed');
    },
  };
}

beforeAll(async () => {
  hubSettings.lingerMs = 1_000;
  // These tests are about the refusals themselves (503, 429, 502): the fallback video is off here
  // (tests/integration/fallback-video.slow.test.ts has it on).
  await saveSettings({ ...(await getSettings()), fallbackVideo: false });
  playbackSettings.fileIdleMs = 1_500;
  // Two providers carrying the same channels (deterministic catalogs of equal size), real H.264 + AAC.
  primary = await startFakeUpstream({ live: 5, vod: 5, series: 2, liveMedia: 'fixture', liveBytesPerSecond: 400_000, fileBytes: 3 * 1024 * 1024 + 17 });
  backup = await startFakeUpstream({ live: 5, vod: 5, series: 2, liveMedia: 'fixture', liveBytesPerSecond: 400_000 });
  for (const [key, fake, priority] of [['primaryUpstream', primary, 10], ['backupUpstream', backup, 5]] as const) {
    const up = await addSyncedUpstream(fake, { name: key, priority });
    ids[key] = up.id;
  }
  lineId = (await createActiveLine(U, P, {}, 'http://x')).id;
  panel = await startXtreamServer();
}, 60_000);

afterAll(() => closeAll(panel, primary, backup));

describe('live relay', () => {
  test('ffprobe reads H.264 and AAC from /live/{u}/{p}/{id}.ts and from the bare URL', async () => {
    const id = await publicIdOf(ids.primaryUpstream, 'live', primary.catalog.live[0].id);
    for (const path of [`/live/${U}/${P}/${id}.ts`, `/${U}/${P}/${id}`]) {
      const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name', '-of', 'csv=p=0', `${panel.url}${path}`], { timeout: 20_000 });
      // ffprobe lists the streams once per program and once on their own
      expect([...new Set(stdout.split('\n').map((l) => l.trim()).filter(Boolean))].sort()).toEqual(['aac,audio', 'h264,video']);
    }
    await waitFor(() => activeConnections(lineId) === 0, 5_000, 'viewers released');
  });

  test('50 viewers of one channel hold one upstream connection, which closes within linger + 2 s after they leave', async () => {
    const channel = primary.catalog.live[1];
    const id = await publicIdOf(ids.primaryUpstream, 'live', channel.id);
    const viewers = await Promise.all(Array.from({ length: 50 }, () => open(`/live/${U}/${P}/${id}.ts`)));
    await Promise.all(viewers.map((v) => v.firstChunk));
    expect(viewers.every((v) => v.res.statusCode === 200 && v.res.headers['content-type'] === 'video/mp2t')).toBe(true);
    expect(primary.stats.openLive[String(channel.id)]).toBe(1);
    expect(activeConnections(lineId)).toBe(50);
    const first = await viewers[0].firstChunk;
    expect(first[0]).toBe(0x47); // starts at a TS packet boundary
    const left = Date.now();
    viewers.forEach((v) => v.abort());
    await waitFor(() => activeConnections(lineId) === 0, 3_000, 'slots released');
    await waitFor(() => !primary.stats.openLive[String(channel.id)], hubSettings.lingerMs + 2_000, 'upstream closed');
    expect(Date.now() - left).toBeLessThan(hubSettings.lingerMs + 2_000);
    expect(upstreamSlotsInUse().size).toBe(0);
  });

  // The 1000 open/abort cycles that follow this in a soak are tests/integration/relay-cycles.slow.test.ts (npm run test:slow).
  test('a viewer whose socket is destroyed mid-stream frees its slot', async () => {
    const id = await publicIdOf(ids.primaryUpstream, 'live', primary.catalog.live[2].id);
    const v = await open(`/live/${U}/${P}/${id}.ts`);
    await v.firstChunk;
    expect(activeConnections(lineId)).toBe(1);
    v.res.socket?.destroy();
    await waitFor(() => activeConnections(lineId) === 0, 2_000, 'slot freed');
    await waitFor(() => activeConnections(lineId) === 0 && listViewers().length === 0, 5_000, 'every slot back');
    await waitFor(() => upstreamSlotsInUse().size === 0, hubSettings.lingerMs + 3_000, 'upstream slots back');
  });
});

describe('live hub flow control', () => {
  test('a stalled viewer never holds back another; a slow lone viewer is paced, not dropped', async () => {
    // Highest priority, so this fast source (not a copy of the channel elsewhere) feeds the hub.
    const fast = await startFakeUpstream({ live: 2, vod: 1, series: 1, liveBytesPerSecond: 40_000_000 });
    const up = await addSyncedUpstream(fast, { name: 'fast', priority: 1000 });
    const viewers: Awaited<ReturnType<typeof open>>[] = [];
    try {
      const id = await publicIdOf(up.id, 'live', fast.catalog.live[0].id);
      // A lone viewer reading far slower than the source: the hub must slow its upstream down instead
      // of overrunning the 4 MB ring (a tenth of a second of this source) and dropping the viewer.
      const slow = await open(`/live/${U}/${P}/${id}.ts`);
      viewers.push(slow);
      await slow.firstChunk;
      expect(fast.stats.openLive[String(fast.catalog.live[0].id)]).toBe(1);
      slow.res.pause();
      // ~20 MB/s for 0.9 s per stall: more than the ring and the socket buffers on the way hold; a hub
      // that kept reading would skip this viewer ahead at every stall and drop it after the fifth.
      for (let i = 0; i < 7; i++) {
        await new Promise((r) => setTimeout(r, 900));
        slow.res.resume();
        await new Promise((r) => setTimeout(r, 20));
        slow.res.pause();
      }
      expect(slow.res.destroyed).toBe(false);
      // A second viewer joins while the first is stalled: it keeps receiving at the source's pace.
      const other = await open(`/live/${U}/${P}/${id}.ts`);
      viewers.push(other);
      await other.firstChunk;
      const at = other.bytes();
      await new Promise((r) => setTimeout(r, 500));
      expect(other.bytes() - at).toBeGreaterThan(2_000_000);
      expect(fast.stats.openLive[String(fast.catalog.live[0].id)]).toBe(1);
    } finally {
      viewers.forEach((v) => v.abort());
      await waitFor(() => activeConnections(lineId) === 0, 3_000, 'slots freed');
      await updateUpstream(up.id, { isActive: false });
      await fast.close();
      await waitFor(() => upstreamSlotsInUse().size === 0, hubSettings.lingerMs + 3_000, 'hub gone');
    }
  });
});

describe('movies and episodes', () => {
  test('Range requests answer 206 with exactly the requested bytes; HEAD gives the size', async () => {
    const movie = primary.catalog.vod[0];
    const id = await publicIdOf(ids.primaryUpstream, 'vod', movie.id);
    const size = 3 * 1024 * 1024 + 17;
    const path = `${panel.url}/movie/${U}/${P}/${id}.${movie.extension}`;
    const ranged = await fetch(path, { headers: { range: 'bytes=1000-200999' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 1000-200999/${size}`);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(fakeFileBytes(movie.id, 1000, 201000))).toBe(true);
    const head = await fetch(path, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(size));
    expect(head.headers.get('accept-ranges')).toBe('bytes');
    const whole = await fetch(path);
    expect(Buffer.from(await whole.arrayBuffer()).length).toBe(size);
    const bare = await fetch(`${panel.url}/${U}/${P}/${id}`, { headers: { range: 'bytes=0-9' } });
    expect(Buffer.from(await bare.arrayBuffer()).equals(fakeFileBytes(movie.id, 0, 10))).toBe(true);
    // One playback (same account, item and client): one viewer, given back a few seconds after the last request.
    expect(activeConnections(lineId)).toBe(1);
    await waitFor(() => activeConnections(lineId) === 0, playbackSettings.fileIdleMs + 2_000, 'playback ended');
  });

  test('a movie opened as 4 parallel ranged GETs is one viewer and one upstream slot: all 206, the live viewer of a 2-connection kick_oldest account is not cut', async () => {
    const line = await createActiveLine('kodi.user', 'pw-kodi-1', { maxConnections: 2 }, 'http://x');
    const channel = await publicIdOf(ids.primaryUpstream, 'live', primary.catalog.live[3].id);
    const liveViewer = await open(`/live/kodi.user/pw-kodi-1/${channel}.ts`);
    try {
      await liveViewer.firstChunk;
      const movie = primary.catalog.vod[3];
      const id = await publicIdOf(ids.primaryUpstream, 'vod', movie.id);
      const size = 3 * 1024 * 1024 + 17;
      const ranges = [[0, size - 1], [size - 1_000_000, size - 1], [1_000_000, 1_999_999], [0, 65_535]];
      const headers = { 'user-agent': 'Kodi/21.0 (X11; Linux x86_64)' };
      // All four answered at once (bodies not read yet): at most one upstream slot for the movie besides the
      // hub's (requests whose body already fit into the socket buffers may have given theirs back).
      const opened = await Promise.all(ranges.map(([start, end]) => fetch(`${panel.url}/movie/kodi.user/pw-kodi-1/${id}.${movie.extension}`, { headers: { ...headers, range: `bytes=${start}-${end}` } })));
      expect(upstreamSlotsInUse().get(ids.primaryUpstream)).toBeLessThanOrEqual(2);
      expect(activeConnections(line.id)).toBe(2);
      const answers = await Promise.all(
        opened.map(async (res, i) => {
          const [start, end] = ranges[i];
          const body = Buffer.from(await res.arrayBuffer());
          return { status: res.status, ok: body.equals(fakeFileBytes(movie.id, start, end + 1)) };
        }),
      );
      expect(answers).toEqual(ranges.map(() => ({ status: 206, ok: true })));
      expect(liveViewer.res.destroyed).toBe(false);
      const before = liveViewer.bytes();
      await waitFor(() => liveViewer.bytes() > before + 10_000, 3_000, 'the live viewer still receiving');
      const snapshot = await connectionsSnapshot();
      const mine = snapshot.viewers.filter((v) => v.line === 'kodi.user');
      expect(mine.map((v) => v.format).sort()).toEqual(['file', 'ts']);
      // one viewer for the movie, with the bytes of all four requests
      expect(mine.find((v) => v.format === 'file')!.bytes).toBe(ranges.reduce((n, [start, end]) => n + end - start + 1, 0));
      // between requests the upstream slot is free again; the viewer slot stays until the playback ends
      await waitFor(() => upstreamSlotsInUse().get(ids.primaryUpstream) === 1, 2_000, 'the upstream slot of the movie back');
      await waitFor(() => activeConnections(line.id) === 1, playbackSettings.fileIdleMs + 2_000, 'the movie playback ended');
      expect(liveViewer.res.destroyed).toBe(false);
    } finally {
      liveViewer.abort();
      await waitFor(() => activeConnections(line.id) === 0, 2_000, 'slots freed');
    }
  }, 30_000);
});

describe('HLS', () => {
  // HLS playbacks live two target durations (4 s here) past their last fetch: end them for the tests after.
  afterAll(() => endAllPlaybacks());

  test('an .m3u8 playback holds a viewer slot: 429 for a 1-connection refuse account while its .ts plays, then it plays and shows in the monitor', async () => {
    const line = await createActiveLine('hls.one', 'pw-hls-1', { maxConnections: 1, onLimit: 'refuse' }, 'http://x');
    const id = await publicIdOf(ids.primaryUpstream, 'live', primary.catalog.live[1].id);
    const viewer = await open(`/live/hls.one/pw-hls-1/${id}.ts`);
    await viewer.firstChunk;
    expect((await fetch(`${panel.url}/live/hls.one/pw-hls-1/${id}.m3u8`)).status).toBe(429);
    viewer.abort();
    await waitFor(() => activeConnections(line.id) === 0, 2_000, 'the .ts viewer gone');
    const res = await fetch(`${panel.url}/live/hls.one/pw-hls-1/${id}.m3u8`);
    expect(res.status).toBe(200);
    const segment = (await res.text()).split('\n').find((l) => l.startsWith('http'))!;
    expect((await fetch(segment)).status).toBe(200);
    const hlsViewers = (await connectionsSnapshot()).viewers.filter((v) => v.line === 'hls.one');
    expect(hlsViewers).toMatchObject([{ publicId: id, format: 'hls', upstreamId: ids.primaryUpstream }]);
    expect(hlsViewers[0].bytes).toBeGreaterThan(0);
    // While it plays (segments keep it alive) the account's one slot is taken.
    expect((await fetch(`${panel.url}/live/hls.one/pw-hls-1/${id}.ts`)).status).toBe(429);
  }, 30_000);

  test('an HLS token keeps only its own playback alive: once a newer playback kicked it, its segments answer 403', async () => {
    await createActiveLine('hls.kick', 'pw-hls-2', { maxConnections: 1, allowedOutputFormats: ['m3u8'] }, 'http://x');
    const id = await publicIdOf(ids.primaryUpstream, 'live', primary.catalog.live[2].id);
    const playlist = async (ua: string) => {
      const res = await fetch(`${panel.url}/live/hls.kick/pw-hls-2/${id}.m3u8`, { headers: { 'user-agent': ua } });
      expect(res.status).toBe(200);
      return (await res.text()).split('\n').find((l) => l.startsWith('http'))!;
    };
    const fromA = await playlist('player A');
    expect((await fetch(fromA)).status).toBe(200);
    const fromB = await playlist('player B');
    expect((await fetch(fromA)).status).toBe(403);
    expect((await fetch(fromB)).status).toBe(200);
    const mine = (await connectionsSnapshot()).viewers.filter((v) => v.line === 'hls.kick');
    expect(mine).toHaveLength(1);
  });

  test('a .m3u8 through the panel holds no upstream host, path or credential, and its segments play through the panel', async () => {
    const id = await publicIdOf(ids.primaryUpstream, 'live', primary.catalog.live[0].id);
    const res = await fetch(`${panel.url}/live/${U}/${P}/${id}.m3u8`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^#EXTM3U/);
    const upstreamHost = new URL(primary.url).host;
    expect(text).not.toContain(upstreamHost);
    expect(text).not.toContain(primary.password);
    expect(text).not.toMatch(/seg-\d+\.ts|key\.bin|index\.m3u8/); // upstream paths
    const uris = [...text.matchAll(/URI="([^"]+)"/g)].map((m) => m[1]).concat(text.split('\n').filter((l) => l && !l.startsWith('#')));
    expect(uris.length).toBeGreaterThan(2);
    for (const uri of uris) {
      expect(uri.startsWith(`${panel.url}/hls/`)).toBe(true);
      const seg = await fetch(uri);
      expect(seg.status).toBe(200);
      expect((await seg.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
  });
});

describe('failover and limits', () => {
  test('killing the first upstream mid-stream keeps the viewer connected; data flows from the second within 5 s', async () => {
    const fallbackPrimary = await startFakeUpstream({ live: 5, vod: 1, series: 1, liveMedia: 'fixture', liveBytesPerSecond: 400_000 });
    const up = await addSyncedUpstream(fallbackPrimary, { name: 'doomed', priority: 100 });
    const channel = fallbackPrimary.catalog.live[3];
    const id = await publicIdOf(up.id, 'live', channel.id);
    const v = await open(`/live/${U}/${P}/${id}.ts`);
    await v.firstChunk;
    expect(fallbackPrimary.stats.openLive[String(channel.id)]).toBe(1);
    await fallbackPrimary.close();
    const before = v.bytes();
    const t0 = Date.now();
    await waitFor(() => Object.keys(primary.stats.openLive).length + Object.keys(backup.stats.openLive).length > 0 && v.bytes() > before + 50_000, 5_000, 'data from a second upstream');
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(v.res.destroyed).toBe(false);
    v.abort();
    await updateUpstream(up.id, { isActive: false });
    await waitFor(() => activeConnections(lineId) === 0, 2_000, 'slot freed');
    await waitFor(() => upstreamSlotsInUse().size === 0, hubSettings.lingerMs + 2_000, 'hub gone after linger');
  });

  test('with every candidate at its connection limit the answer is 503', async () => {
    const held = await fillBothUpstreams();
    await held.firstChunks;
    const third = await publicIdOf(ids.primaryUpstream, 'vod', primary.catalog.vod[1].id);
    const res = await fetch(`${panel.url}/movie/${U}/${P}/${third}.mp4`);
    expect(res.status).toBe(503);
    await held.release();
  });

  test('a live channel at a full upstream with no free copy is answered 503 with a body, never an empty reply (raw socket)', async () => {
    const held = await fillBothUpstreams();
    try {
      await held.firstChunks;
      const other = await publicIdOf(ids.primaryUpstream, 'live', primary.catalog.live[1].id);
      for (const path of [`/live/${U}/${P}/${other}.ts`, `/${U}/${P}/${other}`]) {
        const answer = await rawGet(path);
        expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 503 Service Unavailable');
        expect(answer.slice(answer.indexOf('\r\n\r\n') + 4)).toMatch(/connection limit/);
      }
      await waitFor(() => activeConnections(lineId) === 2, 2_000, 'refused viewers released');
    } finally {
      await held.release();
    }
  });

  test('a live source that answers and ends at once is retried with back-off: at most 20 upstream requests in 3 s, then 502', async () => {
    const broken = await startFakeUpstream({ live: 2, vod: 1, series: 1, quirks: { liveEndsAtOnce: true } });
    const up = await addSyncedUpstream(broken, { name: 'instant-eof', priority: 300 });
    const id = await publicIdOf(up.id, 'live', broken.catalog.live[0].id);
    // No copy elsewhere: only the broken source (the fake providers share channel names and guide ids).
    const rule = await createRoutingRule({ name: 'no failover', contentSource: 'upstream', match: { publicId: id }, routingType: 'proxy', routingConfig: { failover: false }, priority: 800, enabled: true });
    try {
      const opened = broken.stats.liveOpened;
      const t0 = Date.now();
      const answers: string[] = [];
      // A player that asks again as soon as it gets an answer, for 3 s.
      while (Date.now() - t0 < 3_000) answers.push((await rawGet(`/live/${U}/${P}/${id}.ts`)).split('\r\n')[0]);
      const requests = broken.stats.liveOpened - opened;
      console.log(`instant-EOF channel: ${requests} upstream requests in ${Date.now() - t0} ms, ${answers.length} player requests`);
      expect(requests).toBeGreaterThan(0);
      expect(requests).toBeLessThanOrEqual(20);
      expect(new Set(answers)).toEqual(new Set(['HTTP/1.1 502 Bad Gateway']));
      await waitFor(() => activeConnections(lineId) === 0, 2_000, 'slots freed');
    } finally {
      await deleteRoutingRule(rule.id);
      await updateUpstream(up.id, { isActive: false });
      await broken.close();
    }
  }, 30_000);

  test('a provider that stops sending mid-stream (no reset, no close): 5 viewers get bytes from the next source within 5 s, and the monitor follows', async () => {
    const stalling = await startFakeUpstream({ live: 5, vod: 1, series: 1, liveMedia: 'fixture', liveBytesPerSecond: 400_000 });
    const up = await addSyncedUpstream(stalling, { name: 'stalling', timeoutSeconds: 15, priority: 200 });
    const channel = stalling.catalog.live[2];
    const id = await publicIdOf(up.id, 'live', channel.id);
    const viewers = await Promise.all(Array.from({ length: 5 }, () => open(`/live/${U}/${P}/${id}.ts`)));
    try {
      await Promise.all(viewers.map((v) => v.firstChunk));
      expect(stalling.stats.openLive[String(channel.id)]).toBe(1);
      expect(listViewers().map((v) => v.upstreamId)).toEqual(Array(5).fill(up.id));
      const stalledAt = Date.now();
      stalling.quirks.liveStalled = true;
      // Bytes already on their way still arrive: count from the moment the source has gone quiet.
      let last = viewers.map((v) => v.bytes());
      await waitFor(async () => {
        await new Promise((r) => setTimeout(r, 300));
        const now = viewers.map((v) => v.bytes());
        const quiet = now.every((n, i) => n === last[i]);
        last = now;
        return quiet;
      }, 3_000, 'the stalled source to go quiet');
      const before = viewers.map((v) => v.bytes());
      await waitFor(() => viewers.every((v, i) => v.bytes() > before[i] + 50_000), 5_000, 'every viewer receiving again');
      const ms = Date.now() - stalledAt;
      console.log(`stall failover: 5 viewers receiving again ${ms} ms after the source stopped sending`);
      expect(ms).toBeLessThan(5_000);
      expect(viewers.every((v) => !v.res.destroyed)).toBe(true);
      // The monitor shows the viewers on the upstream now feeding them, and the slot moved with them.
      const snapshot = await connectionsSnapshot();
      const feeding = snapshot.viewers.map((v) => v.upstreamId);
      expect(new Set(feeding).size).toBe(1);
      expect([ids.primaryUpstream, ids.backupUpstream]).toContain(feeding[0]);
      expect(snapshot.upstreams.find((u) => u.upstreamId === up.id)?.used).toBe(0);
      expect(snapshot.upstreams.find((u) => u.upstreamId === feeding[0])?.used).toBe(1);
    } finally {
      viewers.forEach((v) => v.abort());
      stalling.quirks.liveStalled = false;
      await updateUpstream(up.id, { isActive: false });
      await stalling.close();
      await waitFor(() => activeConnections(lineId) === 0, 2_000, 'slots freed');
      await waitFor(() => upstreamSlotsInUse().size === 0, hubSettings.lingerMs + 3_000, 'hub gone after linger');
    }
  }, 30_000);

  test('over its limit, kick_oldest ends the oldest viewer; refuse answers 429; zapping within 2 s never trips', async () => {
    const id = await publicIdOf(ids.primaryUpstream, 'live', primary.catalog.live[0].id);
    const path = `/live/${U}/${P}/${id}.ts`;
    await updateLine(lineId, { maxConnections: 1, onLimit: 'kick_oldest' }, 'http://x');
    const oldest = await open(path);
    await oldest.firstChunk;
    const newest = await open(path);
    await newest.firstChunk;
    await waitFor(() => oldest.res.destroyed || oldest.res.readableEnded, 2_000, 'oldest kicked');
    expect(newest.res.destroyed).toBe(false);
    newest.abort();
    await waitFor(() => activeConnections(lineId) === 0, 2_000, 'slot freed');

    await updateLine(lineId, { onLimit: 'refuse' }, 'http://x');
    const holder = await open(path);
    await holder.firstChunk;
    const refused = await fetch(`${panel.url}${path}`);
    expect(refused.status).toBe(429);
    // zapping: the player closes and opens again at once
    holder.abort();
    const again = await open(path);
    expect(again.res.statusCode).toBe(200);
    again.abort();
    await updateLine(lineId, { maxConnections: 0, onLimit: 'kick_oldest' }, 'http://x');
    await waitFor(() => activeConnections(lineId) === 0, 2_000, 'slot freed');
  });

  test('accounts are checked before anything opens: bad password 401, disabled 403, format not allowed 403', async () => {
    const id = await publicIdOf(ids.primaryUpstream, 'live', primary.catalog.live[0].id);
    const opened = primary.stats.liveOpened;
    expect((await fetch(`${panel.url}/live/${U}/wrong/${id}.ts`)).status).toBe(401);
    await createActiveLine('ts.only', 'pw-ts-only', { maxConnections: 1, allowedOutputFormats: ['ts'], onLimit: 'refuse' }, 'http://x');
    expect((await fetch(`${panel.url}/live/ts.only/pw-ts-only/${id}.m3u8`)).status).toBe(403);
    await createActiveLine('off.line', 'pw-off-1', { maxConnections: 1, status: 'disabled', allowedOutputFormats: ['ts'], onLimit: 'refuse' }, 'http://x');
    expect((await fetch(`${panel.url}/live/off.line/pw-off-1/${id}.ts`)).status).toBe(403);
    expect((await fetch(`${panel.url}/live/${U}/${P}/99999999.ts`)).status).toBe(404);
    // malformed ids, a movie id on the live path, and forged or garbled HLS tokens open nothing either
    for (const bad of [`/live/${U}/${P}/abc.ts`, `/live/${U}/${P}/1.ts.ts`, `/${U}/${P}/-5`, '/hls/not-a-token.ts', '/hls/v1.AAAA.BBBB.CCCC.ts']) {
      const res = await fetch(`${panel.url}${bad}`);
      expect({ bad, status: res.status }).toEqual({ bad, status: 404 });
      expect(res.headers.get('content-type')).not.toMatch(/html/);
    }
    const movieId = await publicIdOf(ids.primaryUpstream, 'vod', primary.catalog.vod[0].id);
    expect((await fetch(`${panel.url}/live/${U}/${P}/${movieId}.ts`)).status).toBe(404);
    expect(primary.stats.liveOpened).toBe(opened);
  });
});

describe('routing rules decide what happens', () => {
  test('a redirect rule answers 302 to the upstream URL, a proxy rule relays, and the resolve endpoint agrees', async () => {
    const { createRoutingRule, deleteRoutingRule } = await import('@/lib/routing/rules');
    const resolveApi = await import('@/app/api/routing-rules/resolve/route');
    const { makeUser, call } = await import('../helpers/admin-api');
    const admin = await makeUser('router-admin', 'admin');
    const movie = primary.catalog.vod[2];
    const id = await publicIdOf(ids.primaryUpstream, 'vod', movie.id);
    const path = `${panel.url}/movie/${U}/${P}/${id}.${movie.extension}`;

    const redirect = await createRoutingRule({ name: 'send movies away', contentSource: 'upstream', match: { publicId: id }, routingType: 'redirect', priority: 500, enabled: true });
    const explained = await call(resolveApi.GET, `/api/routing-rules/resolve?publicId=${id}`, { cookie: admin.cookie });
    expect(explained.json).toMatchObject({ mode: 'redirect', rule: { id: redirect.id } });
    expect(explained.text).not.toContain(primary.password);
    const res = await fetch(path, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(location.startsWith(`${primary.url}/movie/`)).toBe(true);
    expect(new URL(location).pathname.split('/').pop()).toBe(`${movie.id}.${movie.extension}`);
    expect(explained.json.sources[0].upstreamId).toBe(ids.primaryUpstream);

    const proxy = await createRoutingRule({ name: 'keep this one', contentSource: 'any', match: { publicId: id }, routingType: 'proxy', priority: 900, enabled: true });
    const again = await call(resolveApi.GET, `/api/routing-rules/resolve?publicId=${id}`, { cookie: admin.cookie });
    expect(again.json).toMatchObject({ mode: 'proxy', rule: { id: proxy.id } });
    const relayed = await fetch(path, { redirect: 'manual', headers: { range: 'bytes=0-99' } });
    expect(relayed.status).toBe(206);
    expect(Buffer.from(await relayed.arrayBuffer()).equals(fakeFileBytes(movie.id, 0, 100))).toBe(true);
    await deleteRoutingRule(redirect.id);
    await deleteRoutingRule(proxy.id);
  });
});
