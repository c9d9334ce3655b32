import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestClientIp } from '@/lib/net/client-ip';
import { PLAYER_POST_MAX_BYTES } from '@/lib/http/limits';
import { noteXtreamParams } from '@/lib/xtream/request-log';
import type { PlayerRequestContext } from './handlers/context';
import type { XtreamReply, XtreamRequest } from './player-api';
import { listJson } from './list-snapshot';

/** A player body over PLAYER_POST_MAX_BYTES: answered 413 by sendXtreamError, nothing more is read. */
export class BodyTooLargeError extends Error {
  constructor() {
    super('request body too large');
  }
}

/** Query parameters, plus a form body on POST (the query wins: XTREAM.md §1). */
export async function readXtreamRequest(req: IncomingMessage, ctx: PlayerRequestContext): Promise<XtreamRequest> {
  const params: Record<string, string | undefined> = {};
  if (req.method === 'POST') {
    const body = await readBody(req);
    const type = String(req.headers['content-type'] ?? '');
    if (body && type.toLowerCase().includes('multipart/form-data')) {
      Object.assign(params, multipartFields(body, type));
    } else if (body && (type.includes('application/x-www-form-urlencoded') || !type.includes('json'))) {
      for (const [k, v] of new URLSearchParams(body)) params[k] = v;
    } else if (body && type.includes('json')) {
      try {
        const parsed: unknown = JSON.parse(body);
        if (parsed && typeof parsed === 'object') for (const [k, v] of Object.entries(parsed)) params[k] = String(v);
      } catch {
        // a malformed body is the same as none
      }
    }
  }
  for (const [k, v] of ctx.query) params[k] = v;
  noteXtreamParams(req, params);
  return { params, ip: requestClientIp(req), headers: req.headers, socketPort: req.socket.localPort };
}

/**
 * The text fields of a multipart/form-data body (some players POST their login that way); file parts
 * are ignored. The body is already capped by readBody.
 */
export function multipartFields(body: string, contentType: string): Record<string, string> {
  const boundary = /boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  const fields: Record<string, string> = {};
  if (!boundary) return fields;
  for (const part of body.split(`--${boundary[1] ?? boundary[2]}`).slice(1)) {
    if (part.startsWith('--')) break; // the closing delimiter
    const split = part.indexOf('\r\n\r\n');
    if (split === -1) continue;
    const head = part.slice(0, split);
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(head);
    const name = disposition && /\bname="([^"]*)"/i.exec(disposition[1]);
    if (!name || name[1] === '__proto__' || /\bfilename\*?=/i.test(disposition[1])) continue;
    fields[name[1]] = part.slice(split + 4).replace(/\r\n$/, '');
  }
  return fields;
}

/**
 * The body as text, at most PLAYER_POST_MAX_BYTES. Past that it rejects without keeping more; the
 * stream is left flowing (not destroyed, which would reset the socket before the 413 is written).
 */
function readBody(req: IncomingMessage): Promise<string> {
  if (Number(req.headers['content-length'] ?? 0) > PLAYER_POST_MAX_BYTES) return Promise.reject(new BodyTooLargeError());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= PLAYER_POST_MAX_BYTES) return void chunks.push(chunk);
      req.off('data', onData).off('end', onEnd);
      chunks.length = 0;
      reject(new BodyTooLargeError());
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString('utf8'));
    req.on('data', onData).once('end', onEnd).once('error', reject);
  });
}

const acceptsGzip = (req: IncomingMessage) => /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));

/** Sends a reply: JSON, or a cached list as ready bytes with ETag/304 and gzip when accepted. */
export function sendXtreamReply(req: IncomingMessage, res: ServerResponse, reply: XtreamReply): void {
  res.setHeader('Cache-Control', 'no-store');
  if ('json' in reply) {
    const body = Buffer.from(JSON.stringify(reply.json));
    res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  const { list } = reply;
  res.setHeader('ETag', list.etag);
  res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('Cache-Control', 'private, no-cache');
  if (req.headers['if-none-match'] === list.etag) {
    res.writeHead(304).end();
    return;
  }
  const gzip = acceptsGzip(req);
  const body = gzip ? list.gzip : listJson(list);
  res.writeHead(reply.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': body.length,
    ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Never a stack trace or an HTML page on the player surface. */
export function sendXtreamError(res: ServerResponse, err: unknown, log: (err: unknown) => void): void {
  if (err instanceof BodyTooLargeError) {
    // The rest of the body is never read: the connection closes after the answer.
    if (!res.headersSent) res.writeHead(413, { 'Content-Type': 'application/json; charset=utf-8', Connection: 'close' }).end(JSON.stringify({ error: 'request body too large' }));
    return;
  }
  log(err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error: 'internal error' }));
}
