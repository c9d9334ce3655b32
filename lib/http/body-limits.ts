import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '@/lib/errors';

// The body limits of pages, the admin API, setup and sign-in, in one place (the server-wide ones and
// the player POST limit are in ./limits).
export const KB = 1024;
export const ADMIN_JSON_LIMIT = 1024 * KB;
/** First-run setup and sign-in: a username and a password, nothing more. */
export const AUTH_FORM_LIMIT = 16 * KB;
/** A backup document being restored: the configuration with every public id ever handed out. */
export const RESTORE_LIMIT = 64 * 1024 * KB;
// Player POSTs have theirs in ./limits (PLAYER_POST_MAX_BYTES), beside the server's timeouts.

// next-auth's whole surface (sign-in, callback, sign-out, csrf) carries small forms only.
const isAuthPath = (p: string) => p === '/api/setup' || p === '/api/auth' || p.startsWith('/api/auth/');

/** The most bytes a request body to this path may have (pages and the admin API; players have their own). */
export function bodyLimitFor(pathname: string, method = 'POST'): number {
  if (method === 'GET' || method === 'HEAD') return 0;
  if (isAuthPath(pathname)) return AUTH_FORM_LIMIT;
  if (pathname === '/api/backup/restore') return RESTORE_LIMIT;
  return ADMIN_JSON_LIMIT;
}

export const payloadTooLarge = (limit: number) => new AppError('payload_too_large', `The request body is larger than ${Math.round(limit / KB)} KB`);

/** True when the declared Content-Length is past the limit (a chunked body is counted while read). */
export function declaredTooLarge(contentLength: string | null | undefined, limit: number): boolean {
  if (contentLength === null || contentLength === undefined || contentLength === '') return false;
  const n = Number(contentLength);
  return !Number.isFinite(n) || n > limit;
}

/** Reads a Web request body as bytes, stopping (and cancelling the stream) as soon as it passes `limit`. */
export async function readBodyLimited(req: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  if (declaredTooLarge(req.headers.get('content-length'), limit)) throw payloadTooLarge(limit);
  if (!req.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw payloadTooLarge(limit);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(new ArrayBuffer(size));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * For handlers that read the body themselves (next-auth): the body, read within the path's limit, or
 * a JSON 413 answered before anything past the limit is read. (No Next import here: server/ loads this
 * module before Next has started.)
 */
export async function bodyWithinLimit(req: Request, pathname: string): Promise<Uint8Array<ArrayBuffer> | Response> {
  try {
    return await readBodyLimited(req, bodyLimitFor(pathname, req.method));
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return Response.json({ error: { code: err.code, message: err.message } }, { status: err.status });
  }
}

/**
 * For the node:http server, before Next: a declared body past the path's limit is answered 413 at
 * once. The rest of the body is discarded as it arrives (closing a socket with unread data would reset
 * the connection and lose the answer), for at most a few seconds. Returns true when answered.
 */
export function refuseOversizedBody(req: IncomingMessage, res: ServerResponse): boolean {
  const limit = bodyLimitFor(new URL(req.url ?? '/', 'http://panel.local').pathname, req.method);
  if (!declaredTooLarge(req.headers['content-length'], limit)) return false;
  const err = payloadTooLarge(limit);
  res.writeHead(413, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code: err.code, message: err.message } }));
  req.resume();
  const cut = setTimeout(() => req.socket.destroy(), DISCARD_MS).unref();
  req.once('end', () => clearTimeout(cut));
  req.once('close', () => clearTimeout(cut));
  return true;
}

const DISCARD_MS = 5_000;
