// Rewriting MPEG-TS timestamps so a short clip can be played in a loop as one continuous stream:
// every pass adds the clip's length to PCR, PTS and DTS, and continuity counters run on per PID.

const PACKET = 188;
const TS_CLOCK = 2 ** 33; // PTS/DTS/PCR base wrap (90 kHz)

interface Stamp {
  /** Byte offset in the clip. */
  at: number;
  kind: 'pcr' | 'pts';
}

export interface LoopableClip {
  bytes: Buffer;
  /** Every PCR, PTS and DTS field of the clip. */
  stamps: Stamp[];
  /** Offsets of the packets that carry payload (their continuity counter counts), with their PID. */
  payloadPackets: { at: number; pid: number }[];
  /**
   * The clip's length in 90 kHz ticks: its video's, the last frame included (a video PES carries one
   * frame; audio PES carry several, so audio cannot tell its end; the clip's audio must end by then).
   */
  loopTicks: number;
}

function readPts(b: Buffer, at: number): number {
  return ((b[at] >> 1) & 0x07) * 2 ** 30 + ((b[at + 1] << 7) | (b[at + 2] >> 1)) * 2 ** 15 + ((b[at + 3] << 7) | (b[at + 4] >> 1));
}

function writePts(b: Buffer, at: number, value: number): void {
  const v = value % TS_CLOCK;
  const high = Math.floor(v / 2 ** 30);
  const mid = Math.floor(v / 2 ** 15) & 0x7fff;
  const low = v & 0x7fff;
  b[at] = (b[at] & 0xf0) | (high << 1) | 1;
  b[at + 1] = mid >> 7;
  b[at + 2] = ((mid & 0x7f) << 1) | 1;
  b[at + 3] = low >> 7;
  b[at + 4] = ((low & 0x7f) << 1) | 1;
}

function readPcrBase(b: Buffer, at: number): number {
  return b[at] * 2 ** 25 + (b[at + 1] << 17) + (b[at + 2] << 9) + (b[at + 3] << 1) + (b[at + 4] >> 7);
}

function writePcrBase(b: Buffer, at: number, value: number): void {
  const v = value % TS_CLOCK;
  b[at] = Math.floor(v / 2 ** 25) & 0xff;
  b[at + 1] = Math.floor(v / 2 ** 17) & 0xff;
  b[at + 2] = Math.floor(v / 2 ** 9) & 0xff;
  b[at + 3] = Math.floor(v / 2) & 0xff;
  b[at + 4] = ((v & 1) << 7) | (b[at + 4] & 0x7f);
}

const hasPesHeader = (streamId: number) => (streamId & 0xe0) === 0xc0 || (streamId & 0xf0) === 0xe0 || streamId === 0xbd;

/** Indexes a clip of whole TS packets (anything after the last whole packet is dropped). */
export function indexClip(raw: Buffer): LoopableClip {
  const bytes = raw.subarray(0, raw.length - (raw.length % PACKET));
  const stamps: Stamp[] = [];
  const payloadPackets: { at: number; pid: number }[] = [];
  const ptsByPid = new Map<number, number[]>();
  for (let p = 0; p + PACKET <= bytes.length; p += PACKET) {
    if (bytes[p] !== 0x47) throw new Error(`not MPEG-TS: no sync byte at ${p}`);
    const pid = ((bytes[p + 1] & 0x1f) << 8) | bytes[p + 2];
    const afc = (bytes[p + 3] >> 4) & 0x03;
    let payload = p + 4;
    if (afc & 0x02) {
      const len = bytes[p + 4];
      if (len > 0 && bytes[p + 5] & 0x10 && len >= 7) stamps.push({ at: p + 6, kind: 'pcr' });
      payload = p + 5 + len;
    }
    if (!(afc & 0x01)) continue;
    payloadPackets.push({ at: p, pid });
    const unitStart = (bytes[p + 1] & 0x40) !== 0;
    if (!unitStart || payload + 14 > p + PACKET) continue;
    if (bytes[payload] !== 0 || bytes[payload + 1] !== 0 || bytes[payload + 2] !== 1 || !hasPesHeader(bytes[payload + 3])) continue;
    const flags = bytes[payload + 7] >> 6;
    if (flags & 0x02) {
      stamps.push({ at: payload + 9, kind: 'pts' });
      if ((bytes[payload + 3] & 0xf0) === 0xe0) {
        const list = ptsByPid.get(pid) ?? [];
        list.push(readPts(bytes, payload + 9));
        ptsByPid.set(pid, list);
      }
    }
    if (flags === 0x03) stamps.push({ at: payload + 14, kind: 'pts' }); // DTS, same encoding
  }
  let loopTicks = 0;
  for (const list of ptsByPid.values()) {
    const sorted = [...new Set(list)].sort((a, b) => a - b);
    if (sorted.length < 2) continue;
    let frame = Infinity;
    for (let i = 1; i < sorted.length; i++) frame = Math.min(frame, sorted[i] - sorted[i - 1]);
    loopTicks = Math.max(loopTicks, sorted[sorted.length - 1] - sorted[0] + frame);
  }
  if (loopTicks === 0) throw new Error('clip has no video timestamps to loop');
  return { bytes, stamps, payloadPackets, loopTicks };
}

/**
 * The clip's `pass`-th repetition (0 = as it is): timestamps moved on by `pass` clip lengths, and
 * continuity counters carried on from `counters` (PID → next counter, updated in place).
 */
export function clipPass(clip: LoopableClip, pass: number, counters: Map<number, number>): Buffer {
  const out = Buffer.from(clip.bytes);
  const shift = pass * clip.loopTicks;
  if (shift > 0) {
    for (const s of clip.stamps) {
      if (s.kind === 'pts') writePts(out, s.at, readPts(out, s.at) + shift);
      else writePcrBase(out, s.at, readPcrBase(out, s.at) + shift);
    }
  }
  for (const { at, pid } of clip.payloadPackets) {
    const cc = counters.get(pid) ?? (out[at + 3] & 0x0f);
    out[at + 3] = (out[at + 3] & 0xf0) | cc;
    counters.set(pid, (cc + 1) & 0x0f);
  }
  return out;
}
