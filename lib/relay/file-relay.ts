import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { RouteSource } from '@/lib/routing/types';
import { openSource, type OpenedSource } from './open-source';
import { acquireUpstreamSlot, type UpstreamSlot } from './slots';

const TYPES: Record<string, string> = {
  mp4: 'video/mp4', m4v: 'video/mp4', mkv: 'video/x-matroska', avi: 'video/x-msvideo', ts: 'video/mp2t',
  mov: 'video/quicktime', webm: 'video/webm', mp3: 'audio/mpeg', flv: 'video/x-flv',
};
const PASS = ['content-type', 'content-length', 'content-range', 'accept-ranges', 'last-modified', 'etag'];

export function contentTypeFor(ext: string): string {
  return TYPES[ext.toLowerCase()] ?? 'application/octet-stream';
}

type Opened = { opened: OpenedSource; slot: UpstreamSlot | null; source: RouteSource };

/** Tries the sources in order: connect error, non-2xx, no answer in time or a full upstream move on. */
async function openFirst(sources: RouteSource[], opts: { method: 'GET' | 'HEAD'; range?: string }): Promise<Opened | { status: 502 | 503 }> {
  let full = 0;
  for (const source of sources) {
    const slot = source.upstreamId ? await acquireUpstreamSlot(source.upstreamId, source.maxConnections) : null;
    if (source.upstreamId && !slot) {
      full += 1;
      continue;
    }
    try {
      return { opened: await openSource(source.url, { timeoutMs: source.timeoutSeconds * 1000, ...opts }), slot, source };
    } catch {
      slot?.release();
    }
  }
  return { status: full === sources.length ? 503 : 502 };
}

/**
 * Movies and episodes through the panel: Range passes through (206, Content-Range), HEAD answers size
 * and type, nothing is buffered whole. The upstream slot is held for the transfer and released on
 * every path.
 */
export async function relayFile(
  req: IncomingMessage,
  res: ServerResponse,
  sources: RouteSource[],
  ext: string,
  onBytes: (n: number, upstreamId: string | null) => void,
): Promise<void> {
  const head = req.method === 'HEAD';
  const range = typeof req.headers.range === 'string' ? req.headers.range : undefined;
  // Many providers refuse HEAD: ask for one byte and read the size from Content-Range.
  const result = await openFirst(sources, head ? { method: 'GET', range: 'bytes=0-0' } : { method: 'GET', range });
  if ('status' in result) {
    res.writeHead(result.status, { 'Content-Type': 'text/plain' }).end(result.status === 503 ? 'No upstream has a free connection\n' : 'Upstream unavailable\n');
    return;
  }
  const { opened, slot, source } = result;
  try {
    const headers: Record<string, string> = {};
    for (const name of PASS) {
      const v = opened.headers[name];
      if (typeof v === 'string') headers[name] = v;
    }
    if (!headers['content-type'] || headers['content-type'] === 'application/octet-stream') headers['content-type'] = contentTypeFor(ext);
    headers['accept-ranges'] ??= 'bytes';
    if (head) {
      const total = /\/(\d+)$/.exec(headers['content-range'] ?? '')?.[1] ?? headers['content-length'];
      delete headers['content-range'];
      if (total) headers['content-length'] = total;
      opened.abort();
      res.writeHead(200, headers).end();
      return;
    }
    res.writeHead(opened.status, headers);
    opened.body.on('data', (c: Buffer) => onBytes(c.length, source.upstreamId));
    await pipeline(opened.body, res).catch(() => {
      // the client left or the upstream broke mid-transfer: both ends are closed by pipeline
    });
  } finally {
    slot?.release();
  }
}
