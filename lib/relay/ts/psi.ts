import { pidOf, payloadStart, unitStart, TS_PACKET } from './packets';

// Program-specific information: the PAT names each program's PMT PID, the PMT names the elementary
// streams and their types. Sections are read from the packet that starts them (tables of real
// channels fit one packet; a longer one is read as far as it goes).

export type VideoCodec = 'h264' | 'h265' | 'other';

export interface ProgramMap {
  pmtPid: number;
  pcrPid: number;
  videoPid: number | null;
  videoCodec: VideoCodec | null;
  /** Every elementary PID with its stream_type. */
  streams: { pid: number; type: number }[];
}

const CODEC_OF_TYPE: Record<number, VideoCodec> = { 0x1b: 'h264', 0x24: 'h265', 0x01: 'other', 0x02: 'other', 0x10: 'other', 0x42: 'other', 0xea: 'other' };

/** The section (pointer field skipped) of a PSI packet starting a table, or null. */
function sectionOf(buf: Buffer, at: number, tableId: number): Buffer | null {
  if (!unitStart(buf, at)) return null;
  const p = payloadStart(buf, at);
  if (p < 0) return null;
  const start = at + p + 1 + buf[at + p];
  const end = at + TS_PACKET;
  if (start + 3 > end || buf[start] !== tableId) return null;
  const length = ((buf[start + 1] & 0x0f) << 8) | buf[start + 2];
  // up to the CRC (4 bytes), as far as this packet holds it
  return buf.subarray(start, Math.min(end, start + 3 + length - 4));
}

/** The PMT PID of the first program in a PAT packet (program 0 is the network PID), or null. */
export function pmtPidFromPat(buf: Buffer, at: number): number | null {
  if (pidOf(buf, at) !== 0) return null;
  const s = sectionOf(buf, at, 0x00);
  if (!s) return null;
  for (let i = 8; i + 4 <= s.length; i += 4) {
    const program = (s[i] << 8) | s[i + 1];
    if (program !== 0) return ((s[i + 2] & 0x1f) << 8) | s[i + 3];
  }
  return null;
}

/** The program map of a PMT packet on `pmtPid`, or null. */
export function programMapFrom(buf: Buffer, at: number, pmtPid: number): ProgramMap | null {
  if (pidOf(buf, at) !== pmtPid) return null;
  const s = sectionOf(buf, at, 0x02);
  if (!s || s.length < 12) return null;
  const pcrPid = ((s[8] & 0x1f) << 8) | s[9];
  const infoLength = ((s[10] & 0x0f) << 8) | s[11];
  const streams: { pid: number; type: number }[] = [];
  let videoPid: number | null = null;
  let videoCodec: VideoCodec | null = null;
  for (let i = 12 + infoLength; i + 5 <= s.length; ) {
    const type = s[i];
    const pid = ((s[i + 1] & 0x1f) << 8) | s[i + 2];
    const esInfo = ((s[i + 3] & 0x0f) << 8) | s[i + 4];
    streams.push({ pid, type });
    if (videoPid === null && type in CODEC_OF_TYPE) {
      videoPid = pid;
      videoCodec = CODEC_OF_TYPE[type];
    }
    i += 5 + esInfo;
  }
  return { pmtPid, pcrPid, videoPid, videoCodec, streams };
}
