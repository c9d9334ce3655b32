import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { TsIndexer, type RandomAccessPoint } from './indexer';
import { NalScanner, pesHeader } from './keyframe';
import { clockDiff, findSync, pcrOf, pidOf, randomAccess, TS_PACKET, writePcr } from './packets';
import { pmtPidFromPat, programMapFrom } from './psi';

// The TS toolkit against the real H.264 + AAC sample (tests/fixtures/sample.m2ts: 4 s, a key frame
// every 25 frames at 1.423 s, 2.423 s, ... as ffprobe reports) and hand-made packets.

const sample = (() => {
  const b = readFileSync(path.join(__dirname, '../../../tests/fixtures/sample.m2ts'));
  return b.subarray(0, b.length - (b.length % TS_PACKET));
})();
/** Offset of the first packet on `pid` (the sample opens with its SDT, then PAT, then PMT). */
const firstOn = (pid: number) => {
  for (let at = 0; at < sample.length; at += TS_PACKET) if (pidOf(sample, at) === pid) return at;
  throw new Error(`no packet on ${pid}`);
};

function indexAll(buf: Buffer, chunk: number): { raps: RandomAccessPoint[]; indexer: TsIndexer } {
  const raps: RandomAccessPoint[] = [];
  const indexer = new TsIndexer((r) => raps.push(r));
  for (let at = 0; at < buf.length; at += chunk) indexer.feed(buf.subarray(at, Math.min(buf.length, at + chunk)), at);
  return { raps, indexer };
}

/** A packet on `pid` with a payload (and optional adaptation field bytes). */
function packet(pid: number, opts: { start?: boolean; adaptation?: number[]; payload?: number[] } = {}): Buffer {
  const p = Buffer.alloc(TS_PACKET, 0xff);
  p[0] = 0x47;
  p[1] = (opts.start ? 0x40 : 0) | ((pid >> 8) & 0x1f);
  p[2] = pid & 0xff;
  let at = 4;
  if (opts.adaptation) {
    p[3] = 0x30;
    p[4] = opts.adaptation.length;
    Buffer.from(opts.adaptation).copy(p, 5);
    at = 5 + opts.adaptation.length;
  } else p[3] = 0x10;
  if (opts.payload) Buffer.from(opts.payload).copy(p, at);
  return p;
}

describe('packets and PSI', () => {
  test('PAT names the PMT, the PMT names H.264 video and AAC audio', () => {
    expect(pmtPidFromPat(sample, 0)).toBeNull(); // the SDT is no PAT
    const pmtPid = pmtPidFromPat(sample, firstOn(0));
    expect(pmtPid).toBe(0x1000);
    const map = programMapFrom(sample, firstOn(0x1000), 0x1000)!;
    expect(map).toMatchObject({ pcrPid: 0x100, videoPid: 0x100, videoCodec: 'h264' });
    expect(map.streams).toEqual([{ pid: 0x100, type: 0x1b }, { pid: 0x101, type: 0x0f }]);
    expect(programMapFrom(sample, firstOn(0), 0x1000)).toBeNull(); // a PAT is no PMT
  });

  test('PCR read and written back; clock differences across the 33-bit wrap', () => {
    const p = packet(0x100, { adaptation: [0x10, 0, 0, 0, 0, 0x7e, 0] });
    writePcr(p, 0, 123_456_789);
    expect(pcrOf(p, 0)).toBe(123_456_789);
    writePcr(p, 0, 2 ** 33 + 5);
    expect(pcrOf(p, 0)).toBe(5);
    expect(clockDiff(5, 2 ** 33 - 10)).toBe(15);
    expect(clockDiff(2 ** 33 - 10, 5)).toBe(-15);
    expect(pcrOf(packet(0x100), 0)).toBeNull();
  });

  test('findSync skips garbage to a sync byte the next packets confirm', () => {
    const junk = Buffer.from([0x47, 1, 2, 0x47, 9]);
    expect(findSync(Buffer.concat([junk, sample.subarray(0, 3 * TS_PACKET)]))).toBe(junk.length);
    expect(findSync(Buffer.concat([junk, sample.subarray(0, 3 * TS_PACKET)]), junk.length + 1)).toBe(junk.length + TS_PACKET);
    expect(findSync(Buffer.alloc(1000))).toBe(-1);
  });
});

describe('key frames', () => {
  test('H.264: IDR (5) and SPS (7) start pictures, a P slice (1) does not; start codes split across pieces are found', () => {
    const s = new NalScanner('h264');
    expect(s.feed(Buffer.from([0, 0, 0, 1, 0x09, 0xf0, 0, 0, 1, 0x06, 5]), 0, 11)).toBe('more'); // AUD, SEI
    expect(s.feed(Buffer.from([0, 0, 1, 0x41]), 0, 4)).toBe('not-key'); // a P slice
    s.reset();
    expect(s.feed(Buffer.from([0, 0, 1, 0x67]), 0, 4)).toBe('key');
    s.reset();
    const a = Buffer.from([0x12, 0, 0]);
    const b = Buffer.from([1, 0x65, 0x88]);
    expect(s.feed(a, 0, 3)).toBe('more');
    expect(s.feed(b, 0, 3)).toBe('key');
    s.reset();
    expect(s.feed(Buffer.from([0, 0, 1]), 0, 3)).toBe('more');
    expect(s.feed(Buffer.from([0x65]), 0, 1)).toBe('key');
  });

  test('H.265: IRAP (16-21) and VPS/SPS start pictures, TRAIL_R (1) does not', () => {
    const s = new NalScanner('h265');
    expect(s.feed(Buffer.from([0, 0, 1, 35 << 1, 1]), 0, 5)).toBe('more'); // AUD
    expect(s.feed(Buffer.from([0, 0, 1, 1 << 1, 1]), 0, 5)).toBe('not-key');
    s.reset();
    expect(s.feed(Buffer.from([0, 0, 1, 19 << 1, 1]), 0, 5)).toBe('key'); // IDR_W_RADL
    s.reset();
    expect(s.feed(Buffer.from([0, 0, 1, 32 << 1, 1]), 0, 5)).toBe('key'); // VPS
  });

  test('PES header: PTS decoded', () => {
    // PTS 0x1_2345_6789 written as in 13818-1
    const pts = 0x123456789;
    const h = Buffer.from([0, 0, 1, 0xe0, 0, 0, 0x80, 0x80, 5, 0x21 | ((Math.floor(pts / 2 ** 30) & 7) << 1), (pts >> 22) & 0xff, ((pts >> 14) & 0xfe) | 1, (pts >> 7) & 0xff, ((pts << 1) & 0xfe) | 1, 0, 0, 1, 0x65]);
    expect(pesHeader(h, 0, h.length)).toEqual({ pts, dataAt: 14 });
    expect(pesHeader(Buffer.from([0, 0, 1, 0xbe, 0, 0, 0, 0, 0]), 0, 9)).toBeNull(); // padding stream
  });
});

describe('indexer', () => {
  test('finds the four key frames of the sample at their PES starts, with their PTS, however it is chunked', () => {
    const expected = [128_090, 218_090, 308_090, 398_090]; // 1.423 s, 2.423 s, ... at 90 kHz
    for (const chunk of [TS_PACKET, 7 * TS_PACKET, 64 * 1024 - ((64 * 1024) % TS_PACKET), sample.length]) {
      const { raps, indexer } = indexAll(sample, chunk);
      expect(raps.map((r) => r.pts)).toEqual(expected);
      for (const r of raps) {
        expect(pidOf(sample, r.offset)).toBe(0x100);
        expect(sample[r.offset + 1] & 0x40).toBe(0x40); // a PES starts there
      }
      expect(indexer.header?.length).toBe(2 * TS_PACKET);
      expect(pidOf(indexer.header!, 0)).toBe(0);
      expect(pidOf(indexer.header!, TS_PACKET)).toBe(0x1000);
      expect(indexer.lastPts).toBe(128_090 + 99 * 3600);
      expect(indexer.lastPcr).not.toBeNull();
    }
  });

  test('the adaptation field random_access_indicator marks a point without a NAL scan', () => {
    const pat = Buffer.from(sample.subarray(firstOn(0), firstOn(0) + TS_PACKET));
    const pmt = Buffer.from(sample.subarray(firstOn(0x1000), firstOn(0x1000) + TS_PACKET));
    const rai = packet(0x100, { start: true, adaptation: [0x40], payload: [0, 0, 1, 0xe0, 0, 0, 0x80, 0, 0] });
    expect(randomAccess(rai, 0)).toBe(true);
    const { raps } = indexAll(Buffer.concat([pat, pmt, packet(0x100, { start: true, payload: [0, 0, 1, 0xe0, 0, 0, 0x80, 0, 0, 0, 0, 1, 0x41] }), rai]), TS_PACKET);
    expect(raps).toEqual([{ offset: 3 * TS_PACKET, pts: null }]);
  });

  test('no PMT, no points: null packets and PATs alone never report one', () => {
    const nulls = Buffer.concat(Array.from({ length: 100 }, () => packet(0x1fff, { payload: [0, 0, 1, 0x65] })));
    const { raps, indexer } = indexAll(nulls, 10 * TS_PACKET);
    expect(raps).toEqual([]);
    expect(indexer.header).toBeNull();
  });
});
