import { execFile } from 'node:child_process';
import http from 'node:http';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hubSettings, runningHub } from '@/lib/relay/live-hub';
import { listRequests } from '@/lib/monitor/request-log';
import { activeConnections, upstreamSlotsInUse } from '@/lib/slots/slots';
import { pidOf, TS_PACKET, unitStart } from '@/lib/relay/ts/packets';
import { defaultSizes, generateCatalog } from '../fake-upstream/catalog';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { withFreshDatabase } from '../helpers/database';
import { startXtreamServer, type XtreamServer } from '../helpers/xtream-server';
import { addSyncedUpstream, closeAll, createActiveLine, publicIdOf as publicIdOfItem, waitFor } from '../helpers/panel-setup';

// Issue 13, must-shows 2 (fast start) and 4 (HLS out of a TS-only provider), against a real provider
// double sending real H.264 + AAC with continuous clocks, through the real player routes.

withFreshDatabase();
const run = promisify(execFile);

let fake: FakeUpstream;
let panel: XtreamServer;
let upstreamId = '';
let lineId = '';
const U = 'hubviewer';
const P = 'pw-hub-77';

const publicIdOf = (upstreamItemId: number) => publicIdOfItem(upstreamId, 'live', upstreamItemId);


/** Opens a live .ts stream; keeps every byte it receives (up to `keep`). */
function openTs(path: string, keep = 256 * 1024) {
  return new Promise<{ res: http.IncomingMessage; head: () => Buffer; bytes: () => number; abort: () => void }>((resolve, reject) => {
    const req = http.get(`${panel.url}${path}`, { agent: false }, (res) => {
      const parts: Buffer[] = [];
      let n = 0;
      res.on('data', (c: Buffer) => {
        if (n < keep) parts.push(c);
        n += c.length;
      });
      res.on('error', () => {});
      resolve({ res, head: () => Buffer.concat(parts), bytes: () => n, abort: () => req.destroy() });
    });
    req.on('error', reject);
  });
}

function get(url: string, userAgent: string): Promise<{ status: number; body: Buffer; type: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers: { 'user-agent': userAgent } }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts), type: String(res.headers['content-type']) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** A minimal live HLS client: reloads the playlist every second and fetches each new segment once. */
function hlsViewer(url: string, userAgent: string) {
  let stopped = false;
  const stats = { playlists: 0, segments: 0, bytes: 0, badSegments: 0, statuses: new Set<number>() };
  const seen = new Set<string>();
  const loop = (async () => {
    while (!stopped) {
      const pl = await get(url, userAgent);
      stats.statuses.add(pl.status);
      if (pl.status === 200) {
        stats.playlists += 1;
        for (const line of pl.body.toString('utf8').split('\n')) {
          if (!line.startsWith('http') || seen.has(line) || stopped) continue;
          seen.add(line);
          const seg = await get(line, userAgent);
          stats.statuses.add(seg.status);
          if (seg.status !== 200) continue;
          stats.segments += 1;
          stats.bytes += seg.body.length;
          // every segment opens with the PAT and the PMT, whole packets only
          if (seg.body.length % TS_PACKET !== 0 || seg.body[0] !== 0x47 || pidOf(seg.body, 0) !== 0 || pidOf(seg.body, TS_PACKET) !== 0x1000) stats.badSegments += 1;
        }
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
  })();
  return { stats, stop: async () => ((stopped = true), await loop) };
}

beforeAll(async () => {
  hubSettings.lingerMs = 1_000;
  // A TS-only provider (allowed_output_formats: ['ts']; its .m3u8 URLs are 404) looping real H.264 +
  // AAC in real time with PCR/PTS carried on across loops.
  // Channel 1 runs ten times faster than real time: within seconds the ring no longer starts where
  // the connection did, so a joiner without fast start would begin at an arbitrary packet.
  const firstChannel = generateCatalog({ ...defaultSizes, live: 4, vod: 1, series: 1 }).live[0].id;
  fake = await startFakeUpstream({
    live: 4, vod: 1, series: 1, liveMedia: 'looped', liveRates: { [firstChannel]: 400_000 },
    account: { maxConnections: 50, allowedOutputFormats: ['ts'] },
  });
  const up = await addSyncedUpstream(fake, { name: 'ts-only', priority: 1 });
  upstreamId = up.id;
  lineId = (await createActiveLine(U, P, {}, 'http://x')).id;
  panel = await startXtreamServer();
}, 60_000);

afterAll(() => closeAll(panel, fake));

describe('fast start (issue 13, must-show 2)', () => {
  test('a viewer joining a running channel gets PAT, PMT, then a key frame: ffprobe decodes its first 3 s without error, a key frame among the first 5 frames', async () => {
    const channel = fake.catalog.live[0];
    const id = await publicIdOf(channel.id);
    const path = `/live/${U}/${P}/${id}.ts`;
    const first = await openTs(path);
    await waitFor(() => first.bytes() > 2_000_000, 15_000, 'the channel running for a while');
    // Join at several moments, each (most likely) in the middle of a 1 s GOP of the running channel.
    for (const pause of [1_300, 700, 1_100]) {
      await new Promise((r) => setTimeout(r, pause));
      const joiner = await openTs(path, 8 * TS_PACKET);
      await waitFor(() => joiner.bytes() >= 3 * TS_PACKET, 5_000, 'first packets');
      joiner.abort();
      const head = joiner.head();
      expect(pidOf(head, 0)).toBe(0); // PAT
      expect(pidOf(head, TS_PACKET)).toBe(0x1000); // PMT
      expect(pidOf(head, 2 * TS_PACKET)).toBe(0x100); // video, starting a PES (the key frame's)
      expect(unitStart(head, 2 * TS_PACKET)).toBe(true);

      await new Promise((r) => setTimeout(r, pause));
      const probe = await run(
        'ffprobe',
        ['-v', 'error', '-select_streams', 'v', '-read_intervals', '%+3', '-show_entries', 'frame=key_frame,pict_type', '-of', 'csv=p=0', `${panel.url}${path}`],
        { timeout: 30_000 },
      );
      expect(probe.stderr.trim()).toBe(''); // no "non-existing PPS", no "no frame!"
      const frames = probe.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
      expect(frames.length).toBeGreaterThan(40); // about 3 s at 25 fps
      expect(frames.slice(0, 5).some((f) => f.startsWith('1,'))).toBe(true);

      // Stricter than a decoder that quietly skips to the next key frame: the very first video packet
      // a joiner gets is a key frame (without fast start it is whatever packet the ring held).
      const packets = await run(
        'ffprobe',
        ['-v', 'error', '-select_streams', 'v', '-read_intervals', '%+1', '-show_entries', 'packet=flags', '-of', 'csv=p=0', `${panel.url}${path}`],
        { timeout: 30_000 },
      );
      expect(packets.stdout.trim().split('\n')[0]).toMatch(/^K/);
    }
    expect(fake.stats.openLive[String(channel.id)]).toBe(1); // every joiner on the one connection
    first.abort();
    await waitFor(() => !fake.stats.openLive[String(channel.id)], hubSettings.lingerMs + 3_000, 'upstream closed');
  }, 90_000);
});

describe('HLS out of a TS-only provider (issue 13, must-show 4)', () => {
  test('ffprobe plays 30 s of the .m3u8; 20 HLS + 10 TS viewers hold one upstream connection; hub memory < 40 MB; upstream closed after linger', async () => {
    const channel = fake.catalog.live[1];
    const id = await publicIdOf(channel.id);
    const m3u8 = `${panel.url}/live/${U}/${P}/${id}.m3u8`;

    // The playlist comes from the hub: segment URLs on the panel, no credentials in them.
    const pl = await get(m3u8, 'probe-playlist');
    expect(pl.status).toBe(200);
    expect(pl.type).toBe('application/vnd.apple.mpegurl');
    const text = pl.body.toString('utf8');
    expect(text).toMatch(/^#EXTM3U\n/);
    expect(text).toMatch(/#EXT-X-TARGETDURATION:[45]\n/);
    expect(text).toMatch(/#EXT-X-MEDIA-SEQUENCE:\d+\n/);
    const segUrls = text.split('\n').filter((l) => l.startsWith('http'));
    expect(segUrls.length).toBeGreaterThan(0);
    for (const u of segUrls) {
      expect(u).toMatch(new RegExp(`^${panel.url}/hls/${id}~[^/]+/\\d+\\.ts$`));
      expect(u).not.toContain(P);
      expect(u).not.toContain(U);
      expect(u).not.toContain(fake.password);
    }
    const seg = await get(segUrls[0], 'probe-playlist');
    expect(seg.status).toBe(200);
    expect(seg.type).toBe('video/mp2t');
    // each segment is a key frame on: ffprobe's first video frame of it is a key frame
    expect(fake.requests.some((r) => r.path.endsWith('.m3u8'))).toBe(false); // never asked the provider for HLS

    const tsViewers = await Promise.all(Array.from({ length: 10 }, () => openTs(`/live/${U}/${P}/${id}.ts`)));
    const hlsViewers = Array.from({ length: 20 }, (_, i) => hlsViewer(m3u8, `hls-viewer-${i}`));
    const started = Date.now();
    // mpv plays the same .m3u8 for 30 s meanwhile (no video or audio out; a real player's HLS stack).
    const mpv = run('mpv', ['--no-config', '--vo=null', '--ao=null', '--length=30', '--msg-level=all=error', '--user-agent=mpv-hls', m3u8], { timeout: 90_000 }).then(
      (r) => ({ code: 0, stderr: r.stderr, stdout: r.stdout, ms: Date.now() - started }),
      (err: { code?: number; stderr?: string; stdout?: string }) => ({ code: err.code ?? -1, stderr: err.stderr ?? '', stdout: err.stdout ?? '', ms: Date.now() - started }),
    );
    const probe = await run(
      'ffprobe',
      ['-v', 'error', '-user_agent', 'ffprobe-hls', '-select_streams', 'v', '-read_intervals', '%+30', '-show_entries', 'frame=pts_time,key_frame', '-of', 'csv=p=0', m3u8],
      { timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
    );
    const playedMs = Date.now() - started;
    expect(probe.stderr.trim()).toBe('');
    const frames = probe.stdout.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => l.split(','));
    const pts = frames.map((f) => Number(f[1])).filter((n) => Number.isFinite(n));
    expect(frames[0][0]).toBe('1'); // the first frame of the first segment is a key frame
    expect(Math.max(...pts) - Math.min(...pts)).toBeGreaterThan(29);
    expect(frames.length).toBeGreaterThan(29 * 25);
    // A live channel arrives in real time: the 30 s took about that long (not a burst of old data).
    expect(playedMs).toBeGreaterThan(20_000);
    const played = await mpv;
    expect(played.code, played.stdout + played.stderr).toBe(0);
    expect(played.stderr.trim()).toBe('');
    expect(played.ms).toBeGreaterThan(20_000); // it played (in real time), not gave up

    // While all of them watch: one upstream connection, every viewer holding a slot.
    expect(fake.stats.openLive[String(channel.id)]).toBe(1);
    expect(fake.stats.liveOpened).toBeGreaterThanOrEqual(1);
    const opened = fake.stats.liveOpened;
    expect(activeConnections(lineId)).toBeGreaterThanOrEqual(30);
    const hub = runningHub(`live:${id}`)!;
    expect(hub.viewerCount).toBeGreaterThanOrEqual(30);
    const memory = hub.hlsBytes + hub.ringByteCount;
    console.log(`hub memory with 20 HLS + 10 TS viewers: segments ${hub.hlsBytes} B, ring ${hub.ringByteCount} B`);
    expect(hub.hlsBytes).toBeGreaterThan(0);
    expect(memory).toBeLessThan(40 * 1024 * 1024);
    for (const v of hlsViewers) {
      expect(v.stats.segments).toBeGreaterThan(3);
      expect(v.stats.badSegments).toBe(0);
      expect([...v.stats.statuses]).toEqual([200]);
    }
    expect(tsViewers.every((v) => v.res.statusCode === 200 && v.bytes() > 100_000)).toBe(true);

    // The request log keeps segment paths without their token.
    const logged = (await listRequests({ page: 1, pageSize: 500, filter: { action: 'stream:hls' } })).items;
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.every((r) => /^\/hls\/\*\*\*\/\d+\.ts$/.test(r.path))).toBe(true);

    // All leave: HLS viewers expire after their idle time (2 target durations + grace), then the hub lingers and closes.
    await Promise.all(hlsViewers.map((v) => v.stop()));
    tsViewers.forEach((v) => v.abort());
    await waitFor(() => activeConnections(lineId) === 0, 20_000, 'HLS playbacks expired');
    const allGone = Date.now();
    await waitFor(() => !fake.stats.openLive[String(channel.id)], hubSettings.lingerMs + 3_000, 'upstream closed after linger');
    expect(Date.now() - allGone).toBeGreaterThan(hubSettings.lingerMs - 200);
    expect(fake.stats.liveOpened).toBe(opened); // never a second connection
    expect(runningHub(`live:${id}`)).toBeNull();
    expect(upstreamSlotsInUse().size).toBe(0);

    // A token outlives nothing: its playback ended, so its segments are refused.
    expect((await get(segUrls[0], 'probe-playlist')).status).toBe(403);
  }, 150_000);
});
