import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { RouteSource } from '@/lib/routing/types';
import { streamContentType, streamHeaders } from './content-type';
import { openSource, type OpenedSource } from './open-source';
import { acquireUpstreamSlot, type UpstreamSlot } from './slots';
import { policyFor, type FetchPolicy } from './ssrf-guard';

// Never the provider's Content-Type: the type comes from the container (./content-type).
const PASS = ['content-length', 'content-range', 'accept-ranges', 'last-modified', 'etag'];

type Opened = { opened: OpenedSource; slot: UpstreamSlot | null; source: RouteSource };

/**
 * Tries the sources in order: connect error, non-2xx, no answer in time, a refused address or a full
 * upstream move on. `policy` overrides the sources' own (an HLS ticket keeps its playlist's).
 */
async function openFirst(sources: RouteSource[], opts: { method: 'GET' | 'HEAD'; range?: string; policy?: FetchPolicy }): Promise<Opened | { status: 502 | 503 }> {
  let full = 0;
  for (const source of sources) {
    const slot = source.upstreamId ? await acquireUpstreamSlot(source.upstreamId, source.maxConnections) : null;
    if (source.upstreamId && !slot) {
      full += 1;
      continue;
    }
    try {
      const policy = opts.policy ?? policyFor(source.url, source.upstreamId);
      return { opened: await openSource(source.url, { timeoutMs: source.timeoutSeconds * 1000, method: opts.method, range: opts.range, policy }), slot, source };
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
  policy?: FetchPolicy,
): Promise<void> {
  const head = req.method === 'HEAD';
  const range = typeof req.headers.range === 'string' ? req.headers.range : undefined;
  // Many providers refuse HEAD: ask for one byte and read the size from Content-Range.
  const result = await openFirst(sources, { method: 'GET', range: head ? 'bytes=0-0' : range, policy });
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
    Object.assign(headers, streamHeaders(streamContentType(ext)));
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
