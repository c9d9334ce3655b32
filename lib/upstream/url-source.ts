import { Agent, request, type Dispatcher } from 'undici';
import { BlockedAddressError, guardConnection, policyFor } from '@/lib/net/ssrf-guard';
import { processState } from '@/lib/state';
import { UpstreamError } from './errors';
import { conditionalHeaders, defaultRetryPolicy, defaultUserAgent, mapNetworkError, readText, statusError, validatorsOf, withRetries, type GuideValidators, type UpstreamBody } from './http';
import { acquireUpstreamSlot, defaultRateLimit } from './rate-limit';

// Plain URLs an admin configured: XMLTV guide sources and M3U playlists. They get what the API client
// gets (the upstream's User-Agent, timeouts, the rate limit, retries, credential-free errors) plus a
// size cap and the SSRF guard (lib/net/ssrf-guard.ts): the configured host is trusted, a redirect to
// another host must resolve to a public address.

const MAX_REDIRECTS = 5;

export interface UrlSourceOptions {
  timeoutMs: number;
  userAgent?: string | null;
  /** Rate-limit key (the upstream id, or the guide source id). */
  rateKey: string;
  /** The download is cut (and fails) past this many bytes. */
  maxBytes: number;
  /** Strings never to reach a message: the URL's credentials. */
  secrets?: readonly string[];
  signal?: AbortSignal;
  /** Validators from the last download: a conditional request, which the server may answer 304. */
  validators?: GuideValidators;
}

export interface OpenedUrl {
  contentType: string;
  /** The body, at most `maxBytes`; reading past it throws an UpstreamError. Empty when `notModified`. */
  body: AsyncIterable<Buffer>;
  /** The server answered 304 Not Modified to the conditional request. */
  notModified: boolean;
  /** This answer's ETag and Last-Modified, for the next conditional request. */
  validators: GuideValidators;
  close(): void;
}

/** The answer to a conditional request the server answered 304: no body, the validators it sent. */
export function notModifiedAnswer(headers: Dispatcher.ResponseData['headers']): OpenedUrl {
  return { contentType: '', body: (async function* () {})(), notModified: true, validators: validatorsOf(headers), close: () => undefined };
}

const trustedAgents = processState('urlSourceAgents', () => new Map<number, Dispatcher>());
function trustedAgent(timeoutMs: number): Dispatcher {
  let agent = trustedAgents.get(timeoutMs);
  if (!agent) trustedAgents.set(timeoutMs, (agent = new Agent({ connect: { timeout: timeoutMs } })));
  return agent;
}

/** A URL for display: user-info and query values masked (guide URLs often carry credentials). */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const key of [...u.searchParams.keys()]) u.searchParams.set(key, '***');
    return u.toString().replace(/%2A%2A%2A/g, '***');
  } catch {
    return '***';
  }
}

/** The secrets of a URL: its user-info and query values (tokens, passwords). */
export function urlSecrets(url: string): string[] {
  try {
    const u = new URL(url);
    const out = [u.username, u.password, ...[...u.searchParams.values()]].map((s) => decodeURIComponent(s)).filter((s) => s.length >= 4);
    return [...new Set(out)];
  } catch {
    return [];
  }
}

async function openOnce(url: string, opts: UrlSourceOptions, secrets: readonly string[]): Promise<{ response: Dispatcher.ResponseData; agent: Agent | null }> {
  const policy = policyFor(url, null);
  let target = new URL(url);
  for (let hop = 0; ; hop += 1) {
    let agent: Agent | null = null;
    let response: Dispatcher.ResponseData;
    try {
      const guard = guardConnection(target, policy);
      if (guard.lookup) agent = new Agent({ connect: { timeout: opts.timeoutMs, lookup: guard.lookup } });
      response = await request(target, {
        method: 'GET',
        headers: { 'user-agent': opts.userAgent || defaultUserAgent, accept: '*/*', 'accept-encoding': 'gzip, identity', ...conditionalHeaders(opts.validators) },
        headersTimeout: opts.timeoutMs,
        bodyTimeout: opts.timeoutMs,
        dispatcher: agent ?? trustedAgent(opts.timeoutMs),
        signal: opts.signal,
      });
    } catch (error) {
      void agent?.close();
      opts.signal?.throwIfAborted();
      if (error instanceof BlockedAddressError || (error as { cause?: unknown }).cause instanceof BlockedAddressError) {
        throw new UpstreamError('invalid_response', 'The address redirects to a non-public address; refused');
      }
      throw mapNetworkError(error, secrets);
    }
    if (response.statusCode === 304 && Object.keys(conditionalHeaders(opts.validators)).length > 0) return { response, agent };
    const location = response.headers.location;
    if (response.statusCode >= 300 && response.statusCode < 400 && location) {
      response.body.on('error', () => undefined);
      response.body.destroy();
      void agent?.close();
      if (hop >= MAX_REDIRECTS) throw new UpstreamError('invalid_response', 'Too many redirects');
      target = new URL(String(location), target);
      continue;
    }
    if (response.statusCode < 200 || response.statusCode >= 300) {
      const text = await readText(response.body, 1 << 16).catch(() => '');
      void agent?.close();
      throw statusError(response.statusCode, text, secrets);
    }
    return { response, agent };
  }
}

/** A body that throws once it passes `maxBytes`. */
export async function* cappedBody(body: UpstreamBody, maxBytes: number): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of body) {
    const buffer: Buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > maxBytes) {
      throw new UpstreamError('invalid_response', `The download is larger than ${Math.round(maxBytes / 1048576)} MB; stopped`);
    }
    yield buffer;
  }
}

/** Opens a configured URL (retried when the failure may pass); the caller reads `body` and calls `close`. */
export async function openUrlSource(url: string, opts: UrlSourceOptions): Promise<OpenedUrl> {
  const secrets = [...(opts.secrets ?? []), ...urlSecrets(url)];
  await acquireUpstreamSlot(opts.rateKey, defaultRateLimit);
  const { response, agent } = await withRetries(() => openOnce(url, opts, secrets), defaultRetryPolicy, secrets, opts.signal);
  const close = () => {
    response.body.on('error', () => undefined);
    response.body.destroy();
    void agent?.close();
  };
  if (response.statusCode === 304) {
    close();
    return notModifiedAnswer(response.headers);
  }
  const encoding = String(response.headers['content-encoding'] ?? '').toLowerCase();
  if (encoding && encoding !== 'identity' && encoding !== 'gzip') {
    close();
    throw new UpstreamError('invalid_response', `The server sent an unsupported encoding (${encoding})`);
  }
  // gzip (as a Content-Encoding or a .gz file) is undone by the reader: the magic bytes decide.
  return {
    contentType: String(response.headers['content-type'] ?? ''),
    body: cappedBody(response.body, opts.maxBytes),
    notModified: false,
    validators: validatorsOf(response.headers),
    close,
  };
}
