import { describe, expect, test } from 'vitest';
import { CLOCK_HZ, TS_PACKET } from '@/lib/relay/ts/packets';
import { FORCE_CUT_BYTES, HLS_KEEP, HLS_LISTED, HLS_MAX_BYTES, HlsSegmenter } from './hls-segments';

// The segmenter with a synthetic channel: whole packets whose first byte after the sync is a running
// counter, key frames every second of stream clock, at a chosen bit rate.

const HEADER = Buffer.alloc(2 * TS_PACKET, 0x47);

function channel(bytesPerSecond: number, rapEveryS = 1) {
  const packetsPerRap = Math.round((bytesPerSecond * rapEveryS) / TS_PACKET);
  let offset = 0;
  let pts = 10 * CLOCK_HZ;
  let n = 0;
  /** One second's worth (or one GOP) of packets, with the key frame at its first packet. */
  const next = () => {
    const buf = Buffer.alloc(packetsPerRap * TS_PACKET);
    for (let i = 0; i < packetsPerRap; i++) {
      buf[i * TS_PACKET] = 0x47;
      buf.writeUInt32BE(n++ >>> 0, i * TS_PACKET + 4);
    }
    // as the hub stores them: reads of at most 64 KB, the key frame in the first
    const piece = 348 * TS_PACKET;
    const chunks = [];
    for (let at = 0; at < buf.length; at += piece) chunks.push({ buf: buf.subarray(at, at + piece), start: offset + at, raps: at === 0 ? [{ offset, pts }] : [] });
    offset += buf.length;
    pts += rapEveryS * CLOCK_HZ;
    return chunks;
  };
  return { next, jump: (ticks: number) => (pts += ticks) };
}

function feed(seg: HlsSegmenter, ch: ReturnType<typeof channel>, gops: number, onEach?: () => void) {
  for (let i = 0; i < gops; i++) {
    for (const c of ch.next()) {
      seg.push(c.buf, c.start, c.raps, () => null);
      onEach?.();
    }
  }
}

describe('HlsSegmenter', () => {
  test('cuts at key frames every 4 s of stream clock; a sliding window playlist; segments open with PAT+PMT then the key frame', () => {
    const seg = new HlsSegmenter(() => HEADER);
    const ch = channel(100_000);
    feed(seg, ch, 41);
    expect(seg.count).toBe(HLS_KEEP);
    const pl = seg.playlist((n) => `https://p/hls/t/${n}.ts`);
    const lines = pl.trim().split('\n');
    expect(lines.slice(0, 5)).toEqual(['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:4', '#EXT-X-MEDIA-SEQUENCE:5', '#EXT-X-DISCONTINUITY-SEQUENCE:0']);
    expect(lines.filter((l) => l.startsWith('#EXTINF:4.000,'))).toHaveLength(HLS_LISTED);
    expect(lines.filter((l) => l.startsWith('https://'))).toEqual([5, 6, 7, 8, 9].map((n) => `https://p/hls/t/${n}.ts`));
    const s9 = seg.segment(9)!.data;
    expect(s9.subarray(0, HEADER.length).equals(HEADER)).toBe(true);
    // 4 GOPs of 532 packets after the header: segment 9 covers seconds 36-39 (it began at GOP 36)
    expect((s9.length - HEADER.length) / TS_PACKET).toBe(4 * 532);
    expect(s9.readUInt32BE(HEADER.length + 4)).toBe(36 * 532);
    expect(seg.segment(3)).toBeNull(); // out of the window
  });

  test('memory stays bounded (< 40 MB with the ring) at 20 and 80 Mbit/s', () => {
    for (const rate of [2_500_000, 10_000_000]) {
      const seg = new HlsSegmenter(() => HEADER);
      let peak = 0;
      feed(seg, channel(rate), 60, () => (peak = Math.max(peak, seg.keptBytes)));
      expect(seg.count).toBeGreaterThanOrEqual(2);
      expect(peak).toBeLessThanOrEqual(HLS_MAX_BYTES + FORCE_CUT_BYTES + 348 * TS_PACKET + 3 * HEADER.length);
      expect(peak + 4 * 1024 * 1024).toBeLessThan(40 * 1024 * 1024); // plus the hub's largest ring
    }
  });

  test('a source restart: the partial segment is dropped, the next is DISCONTINUITY; once it leaves the window the sequence counts it', () => {
    const seg = new HlsSegmenter(() => HEADER);
    const ch = channel(50_000);
    feed(seg, ch, 10); // segments 0, 1 (and half of 2 open)
    seg.restart();
    ch.jump(-5 * CLOCK_HZ); // the new connection's clock starts elsewhere
    feed(seg, ch, 9);
    let pl = seg.playlist((n) => `${n}.ts`);
    expect(pl).toContain('#EXT-X-DISCONTINUITY\n#EXTINF:4.000,\n2.ts');
    expect(pl).toContain('#EXT-X-DISCONTINUITY-SEQUENCE:0');
    feed(seg, ch, 40);
    pl = seg.playlist((n) => `${n}.ts`);
    expect(pl).not.toContain('#EXT-X-DISCONTINUITY\n');
    expect(pl).toContain('#EXT-X-DISCONTINUITY-SEQUENCE:1');
  });

  test('without key frames, segments are cut by size; ready() waits for the first one', async () => {
    const seg = new HlsSegmenter(() => null);
    const waiting = seg.ready(5_000);
    const big = Buffer.alloc(1024 * TS_PACKET);
    for (let i = 0; i < 60; i++) seg.push(big, i * big.length, [], () => null);
    expect(seg.count).toBe(0); // no key frame yet: nothing is listed for a while
    expect(await seg.ready(10)).toBe(false);
    // a point at last (a clock the segmenter cannot read): cut by size once FORCE_CUT_BYTES are held
    let at = 60 * big.length;
    seg.push(big, at, [{ offset: at, pts: null }], () => null);
    while (seg.count === 0 && at < 60 * big.length + 2 * FORCE_CUT_BYTES) seg.push(big, (at += big.length), [], () => null);
    expect(seg.count).toBe(1);
    expect(seg.segment(0)!.data.length).toBeGreaterThanOrEqual(FORCE_CUT_BYTES);
    expect(await waiting).toBe(true);
  });
});
