import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { RouteSource } from '@/lib/routing/types';
import { streamContentType, streamHeaders } from './content-type';
import { noteRequestOutcome } from '@/lib/monitor/request-outcome';
import { openFirstSource, type TakeUpstreamSlot } from './failover';
import { openSource } from './open-source';
import { policyFor, type FetchPolicy } from '@/lib/net/ssrf-guard';

// Never the provider's Content-Type: the type comes from the container (./content-type).
const PASS = ['content-length', 'content-range', 'accept-ranges', 'last-modified', 'etag'];

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
  takeSlot?: TakeUpstreamSlot,
  policy?: FetchPolicy,
): Promise<void> {
  const head = req.method === 'HEAD';
  const range = typeof req.headers.range === 'string' ? req.headers.range : undefined;
  // Many providers refuse HEAD: ask for one byte and read the size from Content-Range.
  const opts = head ? { method: 'GET' as const, range: 'bytes=0-0' } : { method: 'GET' as const, range };
  // A URL a provider named is fetched only where the SSRF guard allows (an HLS ticket keeps its playlist's policy).
  const open = (source: RouteSource) => openSource(source.url, { timeoutMs: source.timeoutSeconds * 1000, headers: source.headers, ...opts, policy: policy ?? policyFor(source.url, source.upstreamId) });
  const result = await openFirstSource(sources, open, { takeSlot });
  noteRequestOutcome(res, result.ok ? { upstreams: result.attempts } : { reason: result.message, upstreams: result.attempts });
  if (!result.ok) {
    res.writeHead(result.status, { 'Content-Type': 'text/plain' }).end(result.status === 503 ? 'No upstream has a free connection\n' : 'Upstream unavailable\n');
    return;
  }
  const { value: opened, slot, source } = result;
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
