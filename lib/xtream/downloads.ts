import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import zlib from 'node:zlib';
import type { PlayerLine } from '@/lib/lines/credentials';
import { authenticatePlayer } from './authenticate';
import type { XtreamRequest } from './player-api';

/** get.php and xmltv.php: a wrong password, or a disabled, banned or expired account, is a 401. */
export async function authorizeDownload(req: XtreamRequest): Promise<{ ok: true; line: PlayerLine; password: string } | { ok: false; status: number }> {
  const auth = await authenticatePlayer(req.params.username, req.params.password, req.ip);
  if (!auth.ok) return { ok: false, status: auth.reason === 'rate_limited' ? 429 : 401 };
  if (auth.status !== 'Active') return { ok: false, status: 401 };
  return { ok: true, line: auth.line, password: auth.password };
}

/** Writes generated text as it comes, waiting for the socket to drain; gzip when asked. */
export async function streamText(res: ServerResponse, chunks: AsyncIterable<string>, gzip: boolean): Promise<void> {
  const sink: NodeJS.WritableStream = gzip ? zlib.createGzip({ level: 6 }) : res;
  if (gzip) (sink as zlib.Gzip).pipe(res);
  for await (const chunk of chunks) {
    if (res.destroyed) return;
    if (!sink.write(chunk)) await once(sink, 'drain');
  }
  sink.end();
  if (gzip) await once(res, 'finish');
}
