import type { IncomingMessage, ServerResponse } from 'node:http';
import { logger } from '@/lib/monitor/logger';
import { servePreview } from '@/lib/preview/serve-preview';

const PATH = /^\/api\/preview\/([^/?]+)(?:\?.*)?$/;

/**
 * The admin preview stream (`GET /api/preview/{publicId}`, lib/preview): streamed on node:http like
 * player streams, but an admin path (session cookie, no CORS). Returns false for every other path.
 */
export function servePreviewRequest(req: IncomingMessage, res: ServerResponse): boolean {
  const m = PATH.exec(req.url ?? '');
  if (!m) return false;
  servePreview(req, res, m[1]).catch((err: unknown) => {
    logger.error({ err }, 'preview failed');
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"error":{"code":"internal","message":"Internal error"}}');
    else res.destroy();
  });
  return true;
}
