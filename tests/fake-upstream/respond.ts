import type { ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': bytes.length });
  res.end(bytes);
}

export function sendHtml(res: ServerResponse, status: number, title: string, text: string): void {
  const bytes = Buffer.from(`<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p><hr><center>nginx</center></body></html>\n`);
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': bytes.length });
  res.end(bytes);
}

/** Writes and resolves once the bytes were handed to the socket (backpressure for big bodies). */
export function writeFlushed(out: Writable, chunk: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = out.write(chunk, (error) => (error ? reject(error) : undefined));
    if (ok) resolve();
    else {
      const onDrain = () => {
        out.off('close', onClose);
        resolve();
      };
      const onClose = () => {
        out.off('drain', onDrain);
        reject(new Error('client went away'));
      };
      out.once('drain', onDrain);
      out.once('close', onClose);
    }
  });
}

/** Resolves after `ms`, or rejects early if the request's socket closes. */
export function delay(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      res.off('close', onClose);
      resolve();
    }, ms);
    const onClose = () => {
      clearTimeout(timer);
      reject(new Error('client went away'));
    };
    res.once('close', onClose);
  });
}

/**
 * Starts an endless live TS answer (200, no cache, connection closed at its end); the function it
 * returns tells whether the client is still there. `onClose` runs once the client leaves.
 */
export function startLiveTs(res: ServerResponse, onClose: () => void): () => boolean {
  res.writeHead(200, { 'content-type': 'video/mp2t', 'cache-control': 'no-cache', connection: 'close' });
  let open = true;
  res.once('close', () => {
    open = false;
    onClose();
  });
  return () => open;
}
