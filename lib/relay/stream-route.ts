import type { NextApiRequest, NextApiResponse } from 'next';
import { logger } from '@/lib/monitor/logger';
import { withRequestLog, type XtreamRouteKind } from '@/lib/monitor/xtream-request-log';

// Public stream URLs carry the player's credentials in the path. Each route file exports its own
// `config = { api: { bodyParser: false, responseLimit: false } }`: Next reads it only as a literal.

type Query = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? v[0] : v) ?? '';

/**
 * A Pages API handler for one form of stream URL: reads its query, serves, logs the request, and turns
 * an unexpected failure into a 500 (before the answer started) or a closed connection (after).
 */
export function streamRoute(kind: XtreamRouteKind, serve: (req: NextApiRequest, res: NextApiResponse, query: (name: string) => string) => Promise<void>) {
  async function handler(req: NextApiRequest, res: NextApiResponse) {
    const query = (name: string) => one((req.query as Query)[name]);
    try {
      await serve(req, res, query);
    } catch (err) {
      logger.error({ err, kind }, 'stream failed');
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal error\n');
      else res.destroy();
    }
  }
  return withRequestLog(kind, handler);
}
