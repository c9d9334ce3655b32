// MPEG-TS packet fields (ISO/IEC 13818-1 §2.4.3): read in place from a buffer of whole packets.

export const TS_PACKET = 188;
export const SYNC_BYTE = 0x47;
export const PAT_PID = 0;
export const NULL_PID = 0x1fff;
/** PTS/PCR base are 33-bit counters at 90 kHz. */
export const CLOCK_HZ = 90_000;
const WRAP = 2 ** 33;

export const pidOf = (buf: Buffer, at: number): number => ((buf[at + 1] & 0x1f) << 8) | buf[at + 2];
/** payload_unit_start_indicator: a PES packet or PSI section begins in this packet. */
export const unitStart = (buf: Buffer, at: number): boolean => (buf[at + 1] & 0x40) !== 0;
export const hasAdaptation = (buf: Buffer, at: number): boolean => (buf[at + 3] & 0x20) !== 0;
export const hasPayload = (buf: Buffer, at: number): boolean => (buf[at + 3] & 0x10) !== 0;
export const continuityOf = (buf: Buffer, at: number): number => buf[at + 3] & 0x0f;

/** Where the payload starts inside the packet at `at` (relative to `at`), or -1 when it has none. */
export function payloadStart(buf: Buffer, at: number): number {
  if (!hasPayload(buf, at)) return -1;
  const start = hasAdaptation(buf, at) ? 5 + buf[at + 4] : 4;
  return start < TS_PACKET ? start : -1;
}

/** The adaptation field's random_access_indicator: the encoder says a decoder may start here. */
export function randomAccess(buf: Buffer, at: number): boolean {
  return hasAdaptation(buf, at) && buf[at + 4] > 0 && (buf[at + 5] & 0x40) !== 0;
}

/** The packet's PCR base (90 kHz), or null when it carries none. */
export function pcrOf(buf: Buffer, at: number): number | null {
  if (!hasAdaptation(buf, at) || buf[at + 4] < 7 || (buf[at + 5] & 0x10) === 0) return null;
  const p = at + 6;
  return buf[p] * 2 ** 25 + buf[p + 1] * 2 ** 17 + buf[p + 2] * 2 ** 9 + buf[p + 3] * 2 + (buf[p + 4] >> 7);
}

/** Rewrites the PCR base of a packet that carries one (the 27 MHz extension is kept). */
export function writePcr(buf: Buffer, at: number, base: number): void {
  const p = at + 6;
  const v = ((base % WRAP) + WRAP) % WRAP;
  buf[p] = Math.floor(v / 2 ** 25) & 0xff;
  buf[p + 1] = Math.floor(v / 2 ** 17) & 0xff;
  buf[p + 2] = Math.floor(v / 2 ** 9) & 0xff;
  buf[p + 3] = Math.floor(v / 2) & 0xff;
  buf[p + 4] = ((v & 1) << 7) | (buf[p + 4] & 0x7f);
}

/** `later - earlier` on the 33-bit clock, across a wrap. */
export function clockDiff(later: number, earlier: number): number {
  let d = later - earlier;
  if (d < -WRAP / 2) d += WRAP;
  else if (d > WRAP / 2) d -= WRAP;
  return d;
}

/** Offset of the first sync byte that the next two packets confirm, or -1. */
export function findSync(buf: Buffer, from = 0): number {
  for (let i = buf.indexOf(SYNC_BYTE, from); i >= 0; i = buf.indexOf(SYNC_BYTE, i + 1)) {
    if (i + TS_PACKET >= buf.length) return -1;
    if (buf[i + TS_PACKET] === SYNC_BYTE && (i + 2 * TS_PACKET >= buf.length || buf[i + 2 * TS_PACKET] === SYNC_BYTE)) return i;
  }
  return -1;
}
