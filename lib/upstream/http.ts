import { Agent, interceptors, request, type Dispatcher } from 'undici';
import { redactCredentials, UpstreamError, type UpstreamErrorCode } from './errors';
import { processState } from '@/lib/state';
import { acquireUpstreamSlot, type RateLimit } from './rate-limit';

export type UpstreamBody = Dispatcher.ResponseData['body'];

export interface UpstreamResponse {
  status: number;
  contentType: string;
  body: UpstreamBody;
  headers: Dispatcher.ResponseData['headers'];
}

/** A guide's validators as its server sent them (ETag, Last-Modified), for a conditional request next time. */
export interface GuideValidators {
  etag: string | null;
  lastModified: string | null;
}

/** The conditional request headers for validators a server sent before ({} when none). */
export function conditionalHeaders(v: GuideValidators | undefined): Record<string, string> {
  const h: Record<string, string> = {};
  if (v?.etag) h['if-none-match'] = v.etag;
  if (v?.lastModified) h['if-modified-since'] = v.lastModified;
  return h;
}

/** The validators of a response (a header too long to be one is ignored). */
export function validatorsOf(headers: Dispatcher.ResponseData['headers']): GuideValidators {
  const one = (v: string | string[] | undefined) => {
    const text = Array.isArray(v) ? v[0] : v;
    return text && text.length <= 200 ? text : null;
  };
  return { etag: one(headers.etag), lastModified: one(headers['last-modified']) };
}

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
}

export interface HttpSettings {
  timeoutMs: number;
  userAgent: string;
  rateKey: string;
  rateLimit: RateLimit;
  retry: RetryPolicy;
  /** Strings that must never reach a message (the upstream password). */
  secrets: readonly string[];
}

export const defaultUserAgent = 'VLC/3.0.21 LibVLC/3.0.21';
export const defaultRetryPolicy: RetryPolicy = { attempts: 3, baseDelayMs: 500 };

// One keep-alive pool per connect timeout, shared by every bundle of the app.
const agents = processState('upstreamAgents', () => new Map<number, Dispatcher>());
function agentFor(timeoutMs: number): Dispatcher {
  let agent = agents.get(timeoutMs);
  if (!agent) {
    agent = new Agent({ connect: { timeout: timeoutMs } }).compose(interceptors.redirect({ maxRedirections: 3 }));
    agents.set(timeoutMs, agent);
  }
  return agent;
}

function errorChain(error: unknown): Array<{ code: string; name: string; message: string }> {
  const chain: Array<{ code: string; name: string; message: string }> = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    chain.push({ code: typeof code === 'string' ? code : '', name: current.name, message: current.message });
    if (current instanceof AggregateError && current.errors.length > 0) current = current.errors[0];
    else current = current.cause;
  }
  return chain;
}

const tlsCode = /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_(GET|VERIFY)|DEPTH_ZERO|SELF_SIGNED|EPROTO$|ERR_OSSL)/;

/** Maps a thrown undici/Node error to an UpstreamError an admin can act on. */
export function mapNetworkError(error: unknown, secrets: readonly string[] = []): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const chain = errorChain(error);
  const codes = chain.map((e) => e.code);
  const detail = redactCredentials(chain.map((e) => `${e.code || e.name}: ${e.message}`).join(' <- '), secrets);
  const has = (...wanted: string[]) => codes.some((code) => wanted.includes(code));
  const make = (code: UpstreamErrorCode, message: string, retryable: boolean) =>
    new UpstreamError(code, message, { detail, retryable });

  if (has('ECONNREFUSED')) return make('refused', 'The server refused the connection — check the host and port', true);
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA')) {
    return make('dns', 'The server name could not be resolved — check the host name', false);
  }
  if (codes.some((code) => tlsCode.test(code)) || chain.some((e) => /certificate|ssl|tls/i.test(e.message))) {
    return make('tls', 'The secure (HTTPS) connection failed — the certificate is invalid or the port does not speak HTTPS', false);
  }
  if (
    has('UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT') ||
    chain.some((e) => e.name === 'AbortError' || e.name === 'TimeoutError')
  ) {
    return make('timeout', 'The server did not answer in time — it may be down, slow or blocking this server', false);
  }
  return make('network', 'The connection to the server was interrupted (reset or closed early) — try again later', true);
}

const deniedText = /\b(blocked|forbidden|access denied|banned)\b/i;

function snippetOf(text: string, secrets: readonly string[]): string {
  return redactCredentials(text.replace(/\s+/g, ' ').trim().slice(0, 200), secrets);
}

/** The error for a non-2xx answer; `text` is the start of its body. */
export function statusError(status: number, text: string, secrets: readonly string[] = []): UpstreamError {
  const options = { status, detail: `HTTP ${status}: ${snippetOf(text, secrets)}` };
  if (status === 401) return new UpstreamError('bad_credentials', 'The server rejected the username or password (HTTP 401)', options);
  if (status === 403 || status === 429) {
    return new UpstreamError('banned', `The server refused access (HTTP ${status}) — the account or this server's IP may be blocked, or too many requests were sent`, options);
  }
  if (status === 404) {
    return new UpstreamError('not_xtream', 'The server answered 404 Not Found — check the URL and sub-path (some panels also answer 404 for wrong credentials)', options);
  }
  if (status >= 500) {
    return new UpstreamError('http_error', `The server failed with HTTP ${status} — the provider has a problem, try again later`, { ...options, retryable: true });
  }
  return new UpstreamError('http_error', `The server answered HTTP ${status} instead of the Xtream API`, options);
}

/** Classifies a 2xx body that should be JSON; returns the parsed value or throws. */
export function parseJsonAnswer(text: string, contentType: string, secrets: readonly string[] = []): unknown {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') {
    throw new UpstreamError('empty', 'The server sent an empty answer — the account may be inactive or the URL incomplete');
  }
  const detail = snippetOf(trimmed, secrets);
  if (/text\/html/i.test(contentType) || trimmed.startsWith('<')) {
    if (deniedText.test(trimmed)) {
      throw new UpstreamError('banned', "The server answered with an 'access denied' page — the account or this server's IP may be blocked", { detail });
    }
    throw new UpstreamError('not_xtream', 'The server answered with an HTML page, not the Xtream API — check the URL and port', { detail });
  }
  try {
    return JSON.parse(trimmed);
  } catch {
    if (deniedText.test(trimmed)) {
      throw new UpstreamError('banned', "The server answered 'access denied' — the account or this server's IP may be blocked", { detail });
    }
    throw new UpstreamError('not_xtream', 'The server answered with something that is not JSON, so not the Xtream API — check the URL and port', { detail });
  }
}

/** Throws for the JSON shapes that mean failure whatever was asked: auth 0 and `{"error":...}`. */
export function rejectFailureObject(value: unknown, secrets: readonly string[] = []): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const userInfo: unknown = Reflect.get(value, 'user_info');
  if (userInfo !== null && typeof userInfo === 'object' && !Array.isArray(userInfo)) {
    const auth: unknown = Reflect.get(userInfo, 'auth');
    if (auth === 0 || auth === '0' || auth === false || auth === null || auth === undefined) {
      throw new UpstreamError('bad_credentials', 'The server rejected the username or password');
    }
    return;
  }
  const error: unknown = Reflect.get(value, 'error');
  if (error !== undefined && error !== null && error !== false) {
    const said = snippetOf(typeof error === 'string' ? error : JSON.stringify(error), secrets);
    const code = deniedText.test(said) ? 'banned' : 'invalid_response';
    throw new UpstreamError(code, `The server answered with an error: "${said}"`, { detail: said });
  }
}

export async function readText(body: UpstreamBody, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer: Buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    size += buffer.length;
    if (size > maxBytes) {
      body.destroy();
      throw new UpstreamError('invalid_response', `The server's answer is larger than ${Math.round(maxBytes / 1048576)} MB`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One rate-limited GET; resolves with a 2xx response, throws an UpstreamError otherwise. */
export async function openUpstream(url: string, settings: HttpSettings, signal?: AbortSignal, conditional?: Record<string, string>): Promise<UpstreamResponse> {
  await acquireUpstreamSlot(settings.rateKey, settings.rateLimit);
  signal?.throwIfAborted();
  let response: Dispatcher.ResponseData;
  try {
    response = await request(url, {
      method: 'GET',
      headers: { 'user-agent': settings.userAgent, accept: 'application/json, */*', ...conditional },
      headersTimeout: settings.timeoutMs,
      bodyTimeout: settings.timeoutMs,
      dispatcher: agentFor(settings.timeoutMs),
      signal,
    });
  } catch (error) {
    signal?.throwIfAborted();
    throw mapNetworkError(error, settings.secrets);
  }
  const contentType = String(response.headers['content-type'] ?? '');
  // A conditional request (If-None-Match / If-Modified-Since) answered "what you have is current".
  if (response.statusCode === 304 && conditional && Object.keys(conditional).length > 0) {
    response.body.on('error', () => undefined);
    response.body.destroy();
    return { status: 304, contentType, body: response.body, headers: response.headers };
  }
  if (response.statusCode < 200 || response.statusCode >= 300) {
    let text = '';
    try {
      text = await readText(response.body, 1 << 20);
    } catch {
      // The status already says what went wrong; an unreadable body adds nothing.
    }
    throw statusError(response.statusCode, text, settings.secrets);
  }
  return { status: response.statusCode, contentType, body: response.body, headers: response.headers };
}

/** Runs `attempt` until it succeeds, fails for good, or the policy's attempts are used up. */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  secrets: readonly string[],
  signal?: AbortSignal,
): Promise<T> {
  for (let tried = 1; ; tried += 1) {
    try {
      return await attempt();
    } catch (error) {
      signal?.throwIfAborted();
      const mapped = mapNetworkError(error, secrets);
      if (!mapped.retryable || tried >= policy.attempts) throw mapped;
      await sleep(policy.baseDelayMs * 2 ** (tried - 1));
    }
  }
}
