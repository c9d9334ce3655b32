import type { VideoCodec } from './psi';

// Random-access points inside video elementary streams: H.264 IDR slices (NAL 5) or a sequence
// parameter set (NAL 7, sent right before the key frame it describes); H.265 IRAP pictures
// (NAL 16-21: BLA, IDR, CRA) or their VPS/SPS (32, 33).

/** PES header fields at the start of a PES payload: the PTS (90 kHz) and where the elementary data begins. */
export function pesHeader(buf: Buffer, start: number, end: number): { pts: number | null; dataAt: number } | null {
  if (start + 9 > end || buf[start] !== 0 || buf[start + 1] !== 0 || buf[start + 2] !== 1) return null;
  const streamId = buf[start + 3];
  // Streams without the optional header (padding, private 2, ECM...) carry no video.
  if (streamId === 0xbe || streamId === 0xbf || streamId === 0xbc || streamId === 0xf0 || streamId === 0xf1 || streamId === 0xff || streamId === 0xf2 || streamId === 0xf8) return null;
  const dataAt = start + 9 + buf[start + 8];
  let pts: number | null = null;
  if ((buf[start + 7] & 0x80) !== 0 && start + 14 <= end) {
    const p = start + 9;
    pts = ((buf[p] >> 1) & 0x07) * 2 ** 30 + ((buf[p + 1] << 7) | (buf[p + 2] >> 1)) * 2 ** 15 + ((buf[p + 3] << 7) | (buf[p + 4] >> 1));
  }
  return { pts, dataAt: Math.min(dataAt, end) };
}

/** What a NAL unit tells of its picture: a key frame, a picture that is none, or not yet known (AUD, SEI, PPS...). */
export type NalVerdict = 'key' | 'not-key' | 'more';

/**
 * Scans elementary bytes for NAL unit start codes across calls (a start code may straddle two TS
 * packets): `feed` answers 'key' at a NAL that starts a decodable picture, 'not-key' at the first
 * slice of any other picture (no need to read further), else 'more'.
 */
export class NalScanner {
  /** How many zero bytes ended the previous piece (0-2), and whether it ended right after 00 00 01. */
  private zeros = 0;
  private afterStart = false;

  constructor(private codec: VideoCodec) {}

  reset(): void {
    this.zeros = 0;
    this.afterStart = false;
  }

  feed(buf: Buffer, start: number, end: number): NalVerdict {
    let i = start;
    if (this.afterStart && i < end) {
      this.afterStart = false;
      const v = this.verdict(buf[i]);
      if (v !== 'more') return v;
    }
    while (i < end) {
      const b = buf[i++];
      if (b === 0) {
        if (this.zeros < 2) this.zeros += 1;
        continue;
      }
      if (b === 1 && this.zeros >= 2) {
        this.zeros = 0;
        if (i >= end) {
          this.afterStart = true;
          return 'more';
        }
        const v = this.verdict(buf[i]);
        if (v !== 'more') return v;
        continue;
      }
      this.zeros = 0;
    }
    return 'more';
  }

  private verdict(header: number): NalVerdict {
    if (this.codec === 'h264') {
      const type = header & 0x1f;
      if (type === 5 || type === 7) return 'key';
      return type >= 1 && type <= 4 ? 'not-key' : 'more';
    }
    if (this.codec === 'h265') {
      const type = (header >> 1) & 0x3f;
      if ((type >= 16 && type <= 21) || type === 32 || type === 33) return 'key';
      return type <= 31 ? 'not-key' : 'more';
    }
    return 'not-key';
  }
}
