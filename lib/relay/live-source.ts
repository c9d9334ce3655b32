import net from 'node:net';
import tls from 'node:tls';
import { defaultUserAgent } from '@/lib/upstream';
import { SourceError } from './open-source';
import { SLAB_BYTES, Slab } from './slab-pool';
import { BlockedAddressError, guardConnection, policyFor, type FetchPolicy } from '@/lib/net/ssrf-guard';

// The upstream side of a live hub: a small HTTP/1.1 client on a raw socket that reads straight into
// large slabs (`onread`), so a fast upstream arrives in few big reads that the ring keeps as they are
// (no 64 KB socket reads, no per-chunk stream machinery, no copies). Movies and HLS keep `openSource`.

/** Each socket read goes into the free end of a slab, at most MAX_READ_BYTES; a new slab starts when less than MIN_READ_BYTES is left. */
const MAX_READ_BYTES = 256 * 1024;
const MIN_READ_BYTES = 64 * 1024;
const MAX_HEAD_BYTES = 64 * 1024;
const MAX_REDIRECTS = 5;

export interface LiveBodyHandlers {
  /**
   * A piece of the body and the slab it lives in (null when it was copied out of one). The piece is
   * only valid during the call unless the slab is retained (and released when done with it). Return
   * false to stop reading until `resume()` (a few more pieces may still arrive).
   */
  onData(chunk: Buffer, slab: Slab | null): boolean;
  /** The body ended, cleanly or not, or `abort()` was called; called once. */
  onEnd(error?: Error): void;
}

export interface LiveSource {
  status: number;
  headers: Record<string, string>;
  /** Delivers the body: first what arrived with the response head, then as it is read. */
  start(handlers: LiveBodyHandlers): void;
  resume(): void;
  abort(): void;
}

type Framing = { kind: 'close' } | { kind: 'length'; left: number } | { kind: 'chunked' };

/** Chunked transfer decoding over pieces of one buffer: returns the data parts, in order. */
class ChunkedDecoder {
  private state: 'size' | 'ext' | 'data' | 'data-end' = 'size';
  private size = 0;
  private digits = 0;
  private left = 0;
  done = false;

  decode(buf: Buffer): Buffer[] {
    const parts: Buffer[] = [];
    let i = 0;
    while (i < buf.length && !this.done) {
      if (this.state === 'data') {
        const take = Math.min(this.left, buf.length - i);
        parts.push(buf.subarray(i, i + take));
        i += take;
        this.left -= take;
        if (this.left === 0) this.state = 'data-end';
        continue;
      }
      const c = buf[i++];
      if (this.state === 'data-end') {
        if (c === 0x0a) this.state = 'size';
        else if (c !== 0x0d) throw new SourceError('upstream sent a malformed chunked body');
      } else if (this.state === 'ext') {
        if (c === 0x0a) this.endSizeLine();
      } else if (c === 0x0a) {
        this.endSizeLine();
      } else if (c === 0x3b) {
        this.state = 'ext';
      } else if (c !== 0x0d && c !== 0x20 && c !== 0x09) {
        const v = hexValue(c);
        if (v < 0 || ++this.digits > 12) throw new SourceError('upstream sent a malformed chunked body');
        this.size = this.size * 16 + v;
      }
    }
    return parts;
  }

  private endSizeLine() {
    if (this.digits === 0) throw new SourceError('upstream sent a malformed chunked body');
    if (this.size === 0) this.done = true; // trailers are not needed: the stream is over
    this.left = this.size;
    this.size = 0;
    this.digits = 0;
    this.state = 'data';
  }
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** Data parts that sit one after another in the same memory are moved together into one piece. */
function joinInPlace(parts: Buffer[]): Buffer[] {
  if (parts.length < 2) return parts;
  const first = parts[0];
  for (const p of parts) if (p.buffer !== first.buffer) return parts;
  const base = first.byteOffset;
  let end = first.byteOffset + first.length;
  const whole = Buffer.from(first.buffer, base, parts[parts.length - 1].byteOffset + parts[parts.length - 1].length - base);
  for (let k = 1; k < parts.length; k++) {
    const p = parts[k];
    whole.copyWithin(end - base, p.byteOffset - base, p.byteOffset - base + p.length);
    end += p.length;
  }
  return [whole.subarray(0, end - base)];
}

interface Head {
  status: number;
  headers: Record<string, string>;
}

function parseHead(text: string): Head {
  const lines = text.split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
  if (!m) throw new SourceError('upstream did not answer HTTP');
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] !== undefined ? `${headers[name]}, ${value}` : value;
  }
  return { status: Number(m[1]), headers };
}

function framingOf(head: Head): Framing {
  if (/\bchunked\b/i.test(head.headers['transfer-encoding'] ?? '')) return { kind: 'chunked' };
  const length = head.headers['content-length'];
  if (length !== undefined && /^\d+$/.test(length)) return { kind: 'length', left: Number(length) };
  return { kind: 'close' };
}

/** One request on one connection: resolves with the response head, then streams the body on `start()`. */
type Headers = Readonly<Record<string, string>>;

// Header names and values go onto the wire as written: anything that could end a line (or is not
// printable) is dropped, so an admin-entered User-Agent can never smuggle a second header.
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]{0,1000}$/;

function requestHead(url: URL, headers: Headers | undefined): string {
  const fields: Record<string, string> = { 'user-agent': defaultUserAgent };
  for (const [name, value] of Object.entries(headers ?? {})) {
    const key = name.toLowerCase();
    if (!HEADER_NAME.test(name) || !HEADER_VALUE.test(value) || key === 'host' || key === 'connection' || key === 'content-length') continue;
    fields[key] = value;
  }
  const canonical = (name: string) => name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
  const lines = Object.entries(fields).map(([name, value]) => `${canonical(name)}: ${value}\r\n`).join('');
  const path = `${url.pathname || '/'}${url.search}`;
  return `GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\n${lines}Accept: */*\r\nConnection: close\r\n\r\n`;
}

function requestOnce(url: URL, opts: { timeoutMs: number; signal?: AbortSignal; policy: FetchPolicy; headers?: Headers }): Promise<LiveSource> {
  return new Promise((resolve, reject) => {
    const guard = guardConnection(url, opts.policy);
    const secure = url.protocol === 'https:';
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port || (secure ? 443 : 80));
    let slab = new Slab();
    let head: Buffer | null = Buffer.alloc(0);
    let framing: Framing = { kind: 'close' };
    let chunked: ChunkedDecoder | null = null;
    let handlers: LiveBodyHandlers | null = null;
    const early: { part: Buffer; slab: Slab | null }[] = [];
    let ended = false;
    let settled = false;

    const onread = {
      buffer: () => {
        if (SLAB_BYTES - slab.used < MIN_READ_BYTES) {
          slab.release();
          slab = new Slab();
        }
        return slab.buf.subarray(slab.used, slab.used + MAX_READ_BYTES);
      },
      callback: (n: number, buf: Uint8Array) => {
        slab.used += n;
        try {
          return onBytes(Buffer.from(buf.buffer, buf.byteOffset, n), slab);
        } catch (err) {
          socket.destroy(err as Error);
          return false;
        }
      },
    };
    const socket: net.Socket = secure
      ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, onread, ...guard } as tls.ConnectionOptions)
      : net.connect({ host, port, onread, ...guard });

    const fail = (err: Error) => {
      clearTimeout(timer);
      if (!settled) {
        settled = true;
        reject(err);
      }
    };
    const timer = setTimeout(() => socket.destroy(new SourceError('upstream did not answer in time')), opts.timeoutMs);
    const onAbort = () => socket.destroy(new SourceError('aborted'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    const finish = (error?: Error) => {
      if (ended) return;
      ended = true;
      handlers?.onEnd(error);
    };

    /** Body bytes: decoded, then handed over (or kept until `start()`). Returns false to pause reading. */
    const deliver = (data: Buffer, from: Slab | null): boolean => {
      let parts: Buffer[];
      if (framing.kind === 'chunked') {
        parts = joinInPlace(chunked!.decode(data));
      } else if (framing.kind === 'length') {
        const take = Math.min(framing.left, data.length);
        framing.left -= take;
        parts = take ? [data.subarray(0, take)] : [];
      } else {
        parts = [data];
      }
      let more = true;
      for (const p of parts) {
        if (p.length === 0) continue;
        if (handlers) {
          if (!handlers.onData(p, from)) more = false;
        } else {
          from?.retain();
          early.push({ part: p, slab: from });
        }
      }
      const complete = (framing.kind === 'chunked' && chunked!.done) || (framing.kind === 'length' && framing.left === 0);
      if (complete) {
        finish();
        socket.destroy();
        return false;
      }
      return handlers ? more : false;
    };

    const onBytes = (data: Buffer, from: Slab): boolean => {
      if (head === null) return deliver(data, from);
            const joined = head.length ? Buffer.concat([head, data]) : data;
      const end = joined.indexOf('\r\n\r\n');
      if (end < 0) {
        if (joined.length > MAX_HEAD_BYTES) throw new SourceError('upstream sent an oversized response head');
        head = Buffer.from(joined); // a copy: the slab may be reused before the rest arrives
        return true;
      }
      if (end > MAX_HEAD_BYTES) throw new SourceError('upstream sent an oversized response head');
      const parsed = parseHead(joined.subarray(0, end).toString('latin1'));
      const rest = joined.subarray(end + 4);
      if (parsed.status >= 100 && parsed.status < 200) {
        // An interim answer (100 Continue): the real head follows.
        head = Buffer.alloc(0);
        return rest.length ? onBytes(rest, from) : true;
      }
      head = null;
      clearTimeout(timer);
      framing = framingOf(parsed);
      if (framing.kind === 'chunked') chunked = new ChunkedDecoder();
      settled = true;
      resolve({
        ...parsed,
        start(h) {
          handlers = h;
          for (const { part, slab: held } of early.splice(0)) {
            h.onData(part, held);
            held?.release();
          }
          if (ended) h.onEnd();
          else socket.resume();
        },
        resume: () => {
          if (!socket.destroyed) socket.resume();
        },
        abort: () => socket.destroy(),
      });
      // The head may have been joined from several reads: then the bytes after it are not in a slab.
      if (rest.length) deliver(rest, joined === data ? from : null);
      return false; // wait for start()
    };

    socket.once(secure ? 'secureConnect' : 'connect', () => {
      socket.write(requestHead(url, opts.headers));
    });
    socket.on('error', (err: Error & { code?: string }) => {
      const error =
        err instanceof SourceError ? err : new SourceError(err instanceof BlockedAddressError ? 'upstream named a non-public address' : `upstream unreachable (${err.code ?? 'error'})`);
      fail(error);
      finish(error);
    });
    socket.once('close', () => {
      clearTimeout(timer);
      slab.release(); // the reader's reference
      opts.signal?.removeEventListener('abort', onAbort);
      fail(new SourceError('upstream closed the connection before answering'));
      const truncated = (framing.kind === 'length' && framing.left > 0) || (framing.kind === 'chunked' && !chunked!.done);
      finish(truncated ? new SourceError('upstream ended the stream early') : undefined);
    });
  });
}

/**
 * Opens a live stream URL, following the redirects providers send to their edge servers. Connect and
 * response head are bounded by `timeoutMs`; the body then flows without a timeout (the hub watches for
 * stalls). Non-2xx answers are errors: the hub fails over. Every hop is held to `opts.policy`
 * (default: the URL's own host is the trusted one, as for a route source's configured URL).
 */
export async function openLiveSource(url: string, opts: { timeoutMs: number; signal?: AbortSignal; policy?: FetchPolicy; headers?: Headers }): Promise<LiveSource> {
  const policy = opts.policy ?? policyFor(url, null);
  let target = new URL(url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new SourceError('upstream redirected to an unsupported address');
    let source: LiveSource;
    try {
      source = await requestOnce(target, { timeoutMs: opts.timeoutMs, signal: opts.signal, policy, headers: opts.headers });
    } catch (err) {
      if (err instanceof BlockedAddressError) throw new SourceError('upstream named a non-public address');
      throw err;
    }
    if (source.status >= 300 && source.status < 400 && source.headers.location) {
      source.abort();
      target = new URL(source.headers.location, target);
      continue;
    }
    if (source.status < 200 || source.status >= 300) {
      source.abort();
      throw new SourceError(`upstream answered ${source.status}`, source.status);
    }
    return source;
  }
  throw new SourceError('upstream redirected too often');
}
