import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextApiRequest, NextApiResponse } from 'next';
import { logger } from '@/lib/monitor/logger';
import playerApi from '@/pages/api/xtream/player_api';
import panelApi from '@/pages/api/xtream/panel_api';
import getPhp from '@/pages/api/xtream/get';
import xmltvPhp from '@/pages/api/xtream/xmltv';
import liveStream from '@/pages/api/xtream/live/[u]/[p]/[stream]';
import movieStream from '@/pages/api/xtream/movie/[u]/[p]/[stream]';
import seriesStream from '@/pages/api/xtream/series/[u]/[p]/[stream]';
import hls from '@/pages/api/xtream/hls/[token]';
import timeshiftQuery from '@/pages/api/xtream/timeshift';
import timeshiftPath from '@/pages/api/xtream/timeshift/[u]/[p]/[minutes]/[start]/[stream]';

// The public Xtream surface straight on node:http, ahead of Next's request pipeline (which costs more
// than the answer itself for a login or a cached list: docs/benchmarks.md). The same Pages API
// handlers answer; this only routes the root paths next.config.js rewrites to them (`beforeFiles`),
// and a test holds the two tables together. The bare /{u}/{p}/{id} form stays a Next `fallback`
// rewrite: it must lose to every page and admin route.

export type XtreamHandler = (req: NextApiRequest, res: NextApiResponse) => Promise<void>;

const FIXED: Record<string, XtreamHandler> = {
  '/player_api.php': playerApi,
  '/api/player_api.php': playerApi,
  '/panel_api.php': panelApi,
  '/get.php': getPhp,
  '/xmltv.php': xmltvPhp,
  '/streaming/timeshift.php': timeshiftQuery,
};
const STREAMS: Record<string, XtreamHandler> = { live: liveStream, movie: movieStream, series: seriesStream };

export interface XtreamRoute {
  handler: XtreamHandler;
  /** Path parameters, named as the Pages route's dynamic segments. */
  params: Record<string, string>;
}

/** The handler for a root path, or null when the path is not part of the fixed Xtream surface. */
export function routeXtream(pathname: string): XtreamRoute | null {
  const fixed = FIXED[pathname];
  if (fixed) return { handler: fixed, params: {} };
  const parts = pathname.split('/');
  // parts[0] is the empty string before the leading slash.
  if (parts.length === 5 && STREAMS[parts[1]]) return segments(STREAMS[parts[1]], parts, ['u', 'p', 'stream']);
  if (parts.length === 7 && parts[1] === 'timeshift') return segments(timeshiftPath, parts, ['u', 'p', 'minutes', 'start', 'stream']);
  if (parts.length === 3 && parts[1] === 'hls') return segments(hls, parts, ['token']);
  return null;
}

function segments(handler: XtreamHandler, parts: string[], names: string[]): XtreamRoute | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < names.length; i++) {
    const raw = parts[i + 2];
    if (!raw) return null;
    try {
      params[names[i]] = decodeURIComponent(raw);
    } catch {
      return null; // malformed escape: not ours; Next answers it
    }
  }
  return { handler, params };
}

/**
 * Answers a request of the Xtream surface and returns true, or returns false and leaves the request
 * alone. The query gets what Next's API resolver would give a handler: the URL's parameters, then the
 * path's (they win, as with a rewrite).
 */
export function serveXtream(req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const route = routeXtream(q === -1 ? url : url.slice(0, q));
  if (!route) return false;
  const query: Record<string, string | string[]> = {};
  if (q !== -1) {
    for (const [k, v] of new URLSearchParams(url.slice(q + 1))) {
      const had = query[k];
      query[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
    }
  }
  Object.assign(query, route.params);
  (req as NextApiRequest).query = query;
  // The handlers answer their failures themselves (Xtream shapes); this is the last line.
  route.handler(req as NextApiRequest, res as NextApiResponse).catch((err: unknown) => {
    logger.error({ err }, 'xtream request failed');
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal error\n');
    else res.destroy();
  });
  return true;
}
