import type { Readable } from 'node:stream';
import { Agent, interceptors, request, type Dispatcher } from 'undici';
import { defaultUserAgent } from '@/lib/upstream';
import { processState } from '@/lib/state';

// Providers answer stream URLs with redirects to their edge servers: follow them.
const dispatcher = processState('relayDispatcher', () =>
  new Agent({ keepAliveTimeout: 10_000, connections: 256 }).compose(interceptors.redirect({ maxRedirections: 5 })),
);

export interface OpenedSource {
  status: number;
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

/**
 * Opens a stream URL. Connect and first-byte time are bounded by `timeoutMs`; after that the body
 * flows without a timeout (live streams are endless; stall detection is the caller's).
 * Non-2xx answers (except 416, which the client should see) are errors: the caller fails over.
 */
export async function openSource(
  url: string,
  opts: { timeoutMs: number; method?: 'GET' | 'HEAD'; range?: string; signal?: AbortSignal },
): Promise<OpenedSource> {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(), opts.timeoutMs);
  try {
    const res = await request(url, {
      method: opts.method ?? 'GET',
      dispatcher: dispatcher as Dispatcher,
      signal: controller.signal,
      headers: { 'user-agent': defaultUserAgent, ...(opts.range ? { range: opts.range } : {}) },
      headersTimeout: opts.timeoutMs,
      bodyTimeout: 0,
    });
    clearTimeout(timer);
    if ((res.statusCode < 200 || res.statusCode >= 300) && res.statusCode !== 416) {
      res.body.destroy();
      throw new SourceError(`upstream answered ${res.statusCode}`, res.statusCode);
    }
    return { status: res.statusCode, headers: res.headers, body: res.body, abort: () => controller.abort() };
  } catch (err) {
    clearTimeout(timer);
    if (err instanceof SourceError) throw err;
    throw new SourceError(controller.signal.aborted ? 'upstream did not answer in time' : `upstream unreachable (${(err as { code?: string }).code ?? 'error'})`);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
