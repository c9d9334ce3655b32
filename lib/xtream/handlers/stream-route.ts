import type { IncomingMessage, ServerResponse } from 'node:http';
import { logger } from '@/lib/monitor/logger';
import { withRequestLog, type XtreamRouteKind } from '@/lib/xtream/request-log';
import { paramOf, type PlayerHandler, type PlayerRequestContext } from './context';

/**
 * A handler for one form of stream URL: serves, logs the request, and turns an unexpected failure into
 * a 500 (before the answer started) or a closed connection (after). Credentials are in the path.
 */
export function streamRoute(
  kind: XtreamRouteKind,
  serve: (req: IncomingMessage, res: ServerResponse, param: (name: string) => string) => Promise<void>,
): PlayerHandler {
  async function handler(req: IncomingMessage, res: ServerResponse, ctx: PlayerRequestContext) {
    try {
      await serve(req, res, (name) => paramOf(ctx, name));
    } catch (err) {
      logger.error({ err, kind }, 'stream failed');
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal error\n');
      else res.destroy();
    }
  }
  return withRequestLog(kind, handler);
}
