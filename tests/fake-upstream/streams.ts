import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startLiveTs, writeFlushed } from './respond';
import { CLOCK_HZ, continuityOf, hasPayload, pcrOf, pidOf, payloadStart, TS_PACKET, unitStart, writePcr } from '@/lib/relay/ts/packets';
import { pesHeader } from '@/lib/relay/ts/keyframe';

export const tsPacketSize = 188;

/**
 * One 188-byte MPEG-TS packet. Every 50th is a PAT (PID 0); the others are null packets (PID
 * 0x1FFF) whose ignored payload carries the stream id and packet number, so relay tests can check
 * which stream and which position a byte came from.
 */
export function tsPacket(streamId: number, sequence: number): Buffer {
  const packet = Buffer.alloc(tsPacketSize, 0xff);
  packet[0] = 0x47;
  if (sequence % 50 === 0) {
    packet[1] = 0x40; // payload unit start, PID 0
    packet[2] = 0x00;
    packet[3] = 0x10 | (Math.floor(sequence / 50) & 0x0f);
    // pointer 0, table 0 (PAT), section length 13, ts id, version, program 1 → PMT PID 0x1000
    Buffer.from([0x00, 0x00, 0xb0, 0x0d, 0x00, 0x01, 0xc1, 0x00, 0x00, 0x00, 0x01, 0xf0, 0x00]).copy(packet, 4);
    return packet;
  }
  packet[1] = 0x1f;
  packet[2] = 0xff;
  packet[3] = 0x10;
  packet.writeUInt32BE(streamId >>> 0, 4);
  packet.writeUInt32BE(sequence >>> 0, 8);
  return packet;
}

export function tsPackets(streamId: number, firstSequence: number, count: number): Buffer {
  return Buffer.concat(Array.from({ length: count }, (_, i) => tsPacket(streamId, firstSequence + i)));
}

let fixture: Buffer | undefined;
/** The real H.264 + AAC sample (tests/fixtures/sample.m2ts), whole packets only. */
export function liveFixture(): Buffer {
  if (!fixture) {
    const bytes = readFileSync(path.join(__dirname, '..', 'fixtures', 'sample.m2ts'));
    fixture = bytes.subarray(0, bytes.length - (bytes.length % tsPacketSize));
  }
  return fixture;
}

const VIDEO_PID = 0x100;
const AUDIO_PID = 0x101;

/**
 * Packets of audio PES that would still play when the next loop's audio begins (the sample's audio
 * runs longer than its video; a PES holds several AAC frames): sent as null packets, so audio
 * timestamps never go back (a short silence at each loop point instead).
 */
function overlappingAudio(media: Buffer, ticks: number): Set<number> {
  const pes: { pts: number | null; packets: number[] }[] = [];
  for (let at = 0; at + TS_PACKET <= media.length; at += TS_PACKET) {
    if (pidOf(media, at) !== AUDIO_PID) continue;
    if (unitStart(media, at)) {
      const p = payloadStart(media, at);
      pes.push({ pts: p < 0 ? null : pesHeader(media, at + p, at + TS_PACKET)?.pts ?? null, packets: [] });
    }
    pes.at(-1)?.packets.push(at);
  }
  const first = pes.find((e) => e.pts !== null)?.pts ?? 0;
  const drop = new Set<number>();
  pes.forEach((e, i) => {
    // a PES ends where the next begins; the last one's end is unknown
    const end = pes[i + 1]?.pts ?? Infinity;
    if (end > first + ticks) for (const at of e.packets) drop.add(at);
  });
  return drop;
}

/** The fixture's length in 90 kHz ticks: its video PTS span plus one frame (what one loop adds to every clock). */
function loopTicks(media: Buffer): number {
  let first = Infinity;
  let last = -Infinity;
  for (let at = 0; at + TS_PACKET <= media.length; at += TS_PACKET) {
    if (!unitStart(media, at) || pidOf(media, at) !== VIDEO_PID) continue;
    const p = payloadStart(media, at);
    const pts = p < 0 ? null : pesHeader(media, at + p, at + TS_PACKET)?.pts;
    if (pts == null) continue;
    first = Math.min(first, pts);
    last = Math.max(last, pts);
  }
  return last - first + CLOCK_HZ / 25;
}

/** Bytes per second that play the fixture in real time. */
export function loopedRealRate(): number {
  const media = liveFixture();
  return Math.round((media.length * CLOCK_HZ) / loopTicks(media));
}

function writeTimestamp(buf: Buffer, at: number, prefix: number, value: number) {
  const v = value % 2 ** 33;
  buf[at] = (prefix << 4) | (Math.floor(v / 2 ** 29) & 0x0e) | 1;
  buf[at + 1] = Math.floor(v / 2 ** 22) & 0xff;
  buf[at + 2] = (Math.floor(v / 2 ** 14) & 0xfe) | 1;
  buf[at + 3] = Math.floor(v / 2 ** 7) & 0xff;
  buf[at + 4] = ((v * 2) & 0xfe) | 1;
}

function readTimestamp(buf: Buffer, at: number): number {
  return ((buf[at] >> 1) & 0x07) * 2 ** 30 + ((buf[at + 1] << 7) | (buf[at + 2] >> 1)) * 2 ** 15 + ((buf[at + 3] << 7) | (buf[at + 4] >> 1));
}

/**
 * A copy of whole fixture packets as loop `loop` sends them: PCR, PTS and DTS moved on by `loop`
 * fixture lengths and continuity counters carried on per PID (`counters`), so the channel is one
 * endless stream to a decoder instead of jumping back every few seconds.
 */
function restamped(piece: Buffer, pieceOffset: number, loop: number, loopInfo: { ticks: number; drop: Set<number> }, counters: Map<number, number>): Buffer {
  const out = Buffer.from(piece);
  const shift = loop * loopInfo.ticks;
  for (let at = 0; at + TS_PACKET <= out.length; at += TS_PACKET) {
    if (loopInfo.drop.has(pieceOffset + at)) {
      out.fill(0xff, at + 4, at + TS_PACKET);
      out[at + 1] = 0x1f;
      out[at + 2] = 0xff;
      out[at + 3] = 0x10;
      continue;
    }
    const pid = pidOf(out, at);
    if (hasPayload(out, at)) {
      const cc = ((counters.get(pid) ?? continuityOf(out, at) - 1) + 1) & 0x0f;
      counters.set(pid, cc);
      out[at + 3] = (out[at + 3] & 0xf0) | cc;
    }
    if (shift === 0) continue;
    const pcr = pcrOf(out, at);
    if (pcr !== null) writePcr(out, at, pcr + shift);
    const p = payloadStart(out, at);
    if (!unitStart(out, at) || p < 0 || pid === 0 || pid === 0x1000) continue;
    const pes = at + p;
    if (out[pes] !== 0 || out[pes + 1] !== 0 || out[pes + 2] !== 1 || pes + 19 > at + TS_PACKET) continue;
    const flags = out[pes + 7] >> 6;
    if (flags & 2) writeTimestamp(out, pes + 9, flags === 3 ? 3 : 2, readTimestamp(out, pes + 9) + shift);
    if (flags === 3) writeTimestamp(out, pes + 14, 1, readTimestamp(out, pes + 14) + shift);
  }
  return out;
}

/**
 * Endless live TS looping the real sample at `bytesPerSecond` until the client leaves; `continuous`:
 * with its clocks carried on across loops (see `restamped`).
 */
export async function sendLiveFixture(res: ServerResponse, bytesPerSecond: number, onClose: () => void, stalled: () => boolean = () => false, continuous = false): Promise<void> {
  const isOpen = startLiveTs(res, onClose);
  const media = liveFixture();
  const ticks = continuous ? loopTicks(media) : 0;
  const loopInfo = { ticks, drop: continuous ? overlappingAudio(media, ticks) : new Set<number>() };
  const counters = new Map<number, number>();
  const started = performance.now();
  let sent = 0;
  while (isOpen()) {
    if (stalled()) {
      // Silent, not closed: the bytes due meanwhile are never sent.
      sent = Math.floor((((performance.now() - started) / 1000) * bytesPerSecond) / tsPacketSize) * tsPacketSize;
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    const due = Math.floor((((performance.now() - started) / 1000) * bytesPerSecond) / tsPacketSize) * tsPacketSize + 64 * tsPacketSize;
    let want = Math.min(due - sent, 2000 * tsPacketSize);
    const parts: Buffer[] = [];
    while (want > 0) {
      const offset = sent % media.length;
      const piece = media.subarray(offset, offset + Math.min(want, media.length - offset));
      parts.push(continuous ? restamped(piece, offset, Math.floor(sent / media.length), loopInfo, counters) : piece);
      want -= piece.length;
      sent += piece.length;
    }
    if (parts.length) {
      try {
        await writeFlushed(res, Buffer.concat(parts));
      } catch {
        break;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Endless live TS at `bytesPerSecond` until the client leaves. */
export async function sendLiveTs(res: ServerResponse, streamId: number, bytesPerSecond: number, onClose: () => void, stalled: () => boolean = () => false): Promise<void> {
  const isOpen = startLiveTs(res, onClose);
  const started = performance.now();
  let sequence = 0;
  while (isOpen()) {
    if (stalled()) {
      sequence = Math.floor(((performance.now() - started) / 1000) * bytesPerSecond / tsPacketSize);
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    const due = Math.floor(((performance.now() - started) / 1000) * bytesPerSecond / tsPacketSize) + 10;
    const count = Math.min(due - sequence, 2000);
    if (count > 0) {
      try {
        await writeFlushed(res, tsPackets(streamId, sequence, count));
      } catch {
        break;
      }
      sequence += count;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Byte `offset` of the fake file with this id: deterministic, so range answers can be checked. */
export function fakeFileByte(id: number, offset: number): number {
  return (offset * 31 + id * 17 + (offset >>> 10)) & 0xff;
}

export function fakeFileBytes(id: number, start: number, endExclusive: number): Buffer {
  const out = Buffer.allocUnsafe(Math.max(0, endExclusive - start));
  for (let i = 0; i < out.length; i += 1) out[i] = fakeFileByte(id, start + i);
  return out;
}

const videoTypes: Record<string, string> = { mp4: 'video/mp4', mkv: 'video/x-matroska', avi: 'video/x-msvideo', ts: 'video/mp2t' };

/** Parses one `bytes=` range against `size`; null means unsatisfiable, undefined means none asked. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.split(',')[0].trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return null;
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return null;
  return { start, end };
}

/** A VOD file: full Range support and HEAD. */
export async function sendFile(req: IncomingMessage, res: ServerResponse, id: number, extension: string, size: number): Promise<void> {
  const type = videoTypes[extension] ?? 'application/octet-stream';
  const range = parseRange(req.headers.range, size);
  if (range === null) {
    res.writeHead(416, { 'content-range': `bytes */${size}`, 'accept-ranges': 'bytes' });
    res.end();
    return;
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? size - 1;
  const headers: Record<string, string | number> = { 'content-type': type, 'accept-ranges': 'bytes', 'content-length': end - start + 1 };
  if (range) headers['content-range'] = `bytes ${start}-${end}/${size}`;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  for (let offset = start; offset <= end; offset += 64 * 1024) {
    try {
      await writeFlushed(res, fakeFileBytes(id, offset, Math.min(end + 1, offset + 64 * 1024)));
    } catch {
      return;
    }
  }
  res.end();
}

export const hlsSegmentPackets = 200;

export function hlsToken(streamId: number): string {
  return Buffer.from(`live:${streamId}`).toString('base64url');
}

export function streamIdOfToken(token: string): number | null {
  const match = /^live:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : null;
}

/** A media playlist with relative segment URIs, one absolute URI and an AES-128 key line. */
export function hlsPlaylist(origin: string, token: string): string {
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    '#EXT-X-TARGETDURATION:4',
    '#EXT-X-MEDIA-SEQUENCE:1',
    '#EXT-X-KEY:METHOD=AES-128,URI="key.bin"',
    '#EXTINF:4.000,',
    'seg-1.ts',
    '#EXTINF:4.000,',
    'seg-2.ts',
    '#EXTINF:4.000,',
    `${origin}/hls/${token}/seg-3.ts`,
    '',
  ].join('\n');
}

export function hlsKey(streamId: number): Buffer {
  return fakeFileBytes(streamId, 0, 16);
}
