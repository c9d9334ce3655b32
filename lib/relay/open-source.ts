import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { defaultUserAgent } from '@/lib/upstream';
import { processState } from '@/lib/state';
import { BlockedAddressError, guardConnection, type FetchPolicy } from '@/lib/net/ssrf-guard';

// Node's own HTTP client for stream bytes: its native parser hands socket reads over without the copy
// into WASM memory that undici's parser makes, which matters at hundreds of MB/s. One pair of
// keep-alive agents per trusted host: a pooled socket was checked under the policy of whoever opened
// it, so sources with another trusted host must not reuse it.
const agentsByTrustedHost = processState('relayAgentsByTrustedHost', () => new Map<string, { http: http.Agent; https: https.Agent }>());

function agentsFor(policy: FetchPolicy) {
  let pair = agentsByTrustedHost.get(policy.trustedHost);
  if (!pair) {
    pair = { http: new http.Agent({ keepAlive: true, maxSockets: Infinity }), https: new https.Agent({ keepAlive: true, maxSockets: Infinity }) };
    agentsByTrustedHost.set(policy.trustedHost, pair);
  }
  return pair;
}

const MAX_REDIRECTS = 5;

export interface OpenedSource {
  status: number;
  /** The URL that answered, after redirects (playlists resolve their URIs against it). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
  abort(): void;
}

export class SourceError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

type OpenOptions = { timeoutMs: number; headers?: Readonly<Record<string, string>>; method?: 'GET' | 'HEAD'; range?: string; signal?: AbortSignal; policy: FetchPolicy };

function requestOnce(url: URL, opts: OpenOptions & { method: string }) {
  return new Promise<{ req: http.ClientRequest; res: http.IncomingMessage }>((resolve, reject) => {
    const secure = url.protocol === 'https:';
    const agents = agentsFor(opts.policy);
    const req = (secure ? https : http).request(url, {
      method: opts.method,
      agent: secure ? agents.https : agents.http,
      ...guardConnection(url, opts.policy),
      headers: { 'user-agent': defaultUserAgent, ...opts.headers, ...(opts.range ? { range: opts.range } : {}) },
    });
    const timer = setTimeout(() => req.destroy(new SourceError('upstream did not answer in time')), opts.timeoutMs);
    const onAbort = () => req.destroy(new SourceError('aborted'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    req.once('response', (res) => {
      clearTimeout(timer);
      resolve({ req, res });
    });
    req.once('error', (err: Error & { code?: string }) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      reject(err instanceof SourceError ? err : new SourceError(err instanceof BlockedAddressError ? 'upstream named a non-public address' : `upstream unreachable (${err.code ?? 'error'})`));
    });
    req.once('close', () => opts.signal?.removeEventListener('abort', onAbort));
    req.end();
  });
}

/**
 * Opens a stream URL, following the redirects providers send to their edge servers. Connect and
 * first-byte time are bounded by `timeoutMs`; after that the body flows without a timeout (live
 * streams are endless; stall detection is the caller's). Non-2xx answers (except 416, which the
 * client should see) are errors: the caller fails over. Every hop is held to `opts.policy`
 * (lib/net/ssrf-guard.ts).
 */
export async function openSource(url: string, opts: OpenOptions): Promise<OpenedSource> {
  let target = new URL(url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new SourceError('upstream redirected to an unsupported address');
    let sent: { req: http.ClientRequest; res: http.IncomingMessage };
    try {
      sent = await requestOnce(target, { ...opts, method: opts.method ?? 'GET' });
    } catch (err) {
      if (err instanceof BlockedAddressError) throw new SourceError('upstream named a non-public address');
      throw err;
    }
    const { req, res } = sent;
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      req.destroy();
      target = new URL(res.headers.location, target);
      continue;
    }
    if ((status < 200 || status >= 300) && status !== 416) {
      res.resume();
      req.destroy();
      throw new SourceError(`upstream answered ${status}`, status);
    }
    return { status, url: target.toString(), headers: res.headers, body: res, abort: () => req.destroy() };
  }
  throw new SourceError('upstream redirected too often');
}
