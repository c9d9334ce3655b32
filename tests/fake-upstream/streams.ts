import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFlushed } from './respond';

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

/** Endless live TS looping the real sample at `bytesPerSecond` until the client leaves. */
export async function sendLiveFixture(res: ServerResponse, bytesPerSecond: number, onClose: () => void, stalled: () => boolean = () => false): Promise<void> {
  res.writeHead(200, { 'content-type': 'video/mp2t', 'cache-control': 'no-cache', connection: 'close' });
  let open = true;
  res.once('close', () => {
    open = false;
    onClose();
  });
  const media = liveFixture();
  const started = performance.now();
  let sent = 0;
  while (open) {
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
      parts.push(piece);
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
  res.writeHead(200, { 'content-type': 'video/mp2t', 'cache-control': 'no-cache', connection: 'close' });
  let open = true;
  res.once('close', () => {
    open = false;
    onClose();
  });
  const started = performance.now();
  let sequence = 0;
  while (open) {
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
