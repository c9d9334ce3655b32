import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NextApiRequest, NextApiResponse } from 'next';
import playerApi from '@/pages/api/xtream/player_api';
import panelApi from '@/pages/api/xtream/panel_api';
import getPhp from '@/pages/api/xtream/get';
import xmltvPhp from '@/pages/api/xtream/xmltv';
import liveStream from '@/pages/api/xtream/live/[u]/[p]/[stream]';
import movieStream from '@/pages/api/xtream/movie/[u]/[p]/[stream]';
import seriesStream from '@/pages/api/xtream/series/[u]/[p]/[stream]';
import bareStream from '@/pages/api/xtream/stream/[u]/[p]/[stream]';
import hls from '@/pages/api/xtream/hls/[token]';
import timeshiftQuery from '@/pages/api/xtream/timeshift';
import timeshiftPath from '@/pages/api/xtream/timeshift/[u]/[p]/[minutes]/[start]/[stream]';

type Handler = (req: NextApiRequest, res: NextApiResponse) => Promise<void>;

// The same root paths next.config.js rewrites to these Pages API routes.
const ROUTES: Record<string, Handler> = {
  '/player_api.php': playerApi,
  '/api/player_api.php': playerApi,
  '/panel_api.php': panelApi,
  '/get.php': getPhp,
  '/xmltv.php': xmltvPhp,
  '/streaming/timeshift.php': timeshiftQuery,
};
const STREAMS: Record<string, Handler> = { live: liveStream, movie: movieStream, series: seriesStream };

function route(path: string): { handler: Handler; query: Record<string, string> } | null {
  if (ROUTES[path]) return { handler: ROUTES[path], query: {} };
  const parts = path.split('/').slice(1).map(decodeURIComponent);
  if (parts.length === 4 && STREAMS[parts[0]]) return { handler: STREAMS[parts[0]], query: { u: parts[1], p: parts[2], stream: parts[3] } };
  if (parts.length === 6 && parts[0] === 'timeshift') {
    return { handler: timeshiftPath, query: { u: parts[1], p: parts[2], minutes: parts[3], start: parts[4], stream: parts[5] } };
  }
  if (parts.length === 2 && parts[0] === 'hls') return { handler: hls, query: { token: parts[1] } };
  if (parts.length === 3) return { handler: bareStream, query: { u: parts[0], p: parts[1], stream: parts[2] } };
  return null;
}

/** A real HTTP server on 127.0.0.1 serving the Xtream surface's handlers, routed like next.config.js. */
export async function startXtreamServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const found = route(url.pathname);
    if (!found) return void res.writeHead(404).end();
    (req as NextApiRequest).query = { ...Object.fromEntries(url.searchParams), ...found.query };
    void found.handler(req as NextApiRequest, res as NextApiResponse);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
