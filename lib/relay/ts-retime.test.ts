import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { clipPass, indexClip } from './ts-retime';

const card = readFileSync(path.join(__dirname, '..', '..', 'assets', 'fallback', 'unavailable.mpegts'));

/** PTS of every PES start of a PID, and the continuity counters of its payload packets. */
function scan(buf: Buffer, wantPid: number) {
  const pts: number[] = [];
  const cc: number[] = [];
  for (let p = 0; p + 188 <= buf.length; p += 188) {
    const pid = ((buf[p + 1] & 0x1f) << 8) | buf[p + 2];
    if (pid !== wantPid) continue;
    const afc = (buf[p + 3] >> 4) & 3;
    if (!(afc & 1)) continue;
    cc.push(buf[p + 3] & 0x0f);
    const payload = afc & 2 ? p + 5 + buf[p + 4] : p + 4;
    if (buf[p + 1] & 0x40 && buf[payload] === 0 && buf[payload + 1] === 0 && buf[payload + 2] === 1 && buf[payload + 7] & 0x80) {
      const b = payload + 9;
      pts.push(((buf[b] >> 1) & 7) * 2 ** 30 + ((buf[b + 1] << 7) | (buf[b + 2] >> 1)) * 2 ** 15 + ((buf[b + 3] << 7) | (buf[b + 4] >> 1)));
    }
  }
  return { pts, cc };
}

test('the card is under 500 KB and loops as 5.12 s, its video’s length', () => {
  expect(card.length).toBeLessThan(500 * 1024);
  const clip = indexClip(card);
  expect(clip.loopTicks).toBe(5.12 * 90_000);
});

test('each pass moves every timestamp on by the clip length; continuity counters run on across passes', () => {
  const clip = indexClip(card);
  const counters = new Map<number, number>();
  const passes = [0, 1, 2].map((n) => clipPass(clip, n, counters));
  const videoPid = 0x100; // ffmpeg's mpegts muxer: first stream at PID 256
  const scans = passes.map((b) => scan(b, videoPid));
  expect(scans[0].pts.length).toBeGreaterThan(100);
  for (let n = 1; n < 3; n++) expect(scans[n].pts).toEqual(scans[0].pts.map((t) => t + n * clip.loopTicks));
  // The stream of all three passes: PTS strictly rising in decode order at the joins, CC +1 mod 16 throughout.
  const all = scan(Buffer.concat(passes), videoPid);
  expect(Math.min(...all.pts.slice(scans[0].pts.length))).toBeGreaterThan(Math.max(...scans[0].pts));
  for (let i = 1; i < all.cc.length; i++) expect((all.cc[i - 1] + 1) % 16).toBe(all.cc[i]);
  // The original clip is left as it was.
  expect(scan(clip.bytes, videoPid).pts).toEqual(scans[0].pts);
});

test('anything but whole TS packets with timestamps is refused', () => {
  expect(() => indexClip(Buffer.alloc(376, 0))).toThrow(/sync byte/);
});
