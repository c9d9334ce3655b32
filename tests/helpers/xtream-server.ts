import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NextApiRequest, NextApiResponse } from 'next';
import playerApi from '@/pages/api/xtream/player_api';
import panelApi from '@/pages/api/xtream/panel_api';
import getPhp from '@/pages/api/xtream/get';
import xmltvPhp from '@/pages/api/xtream/xmltv';

type Handler = (req: NextApiRequest, res: NextApiResponse) => Promise<void>;

// The same root paths next.config.js rewrites to these Pages API routes.
const ROUTES: Record<string, Handler> = {
  '/player_api.php': playerApi,
  '/api/player_api.php': playerApi,
  '/panel_api.php': panelApi,
  '/get.php': getPhp,
  '/xmltv.php': xmltvPhp,
};

/** A real HTTP server on 127.0.0.1 serving the Xtream surface's handlers. */
export async function startXtreamServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const handler = ROUTES[new URL(req.url ?? '/', 'http://x').pathname];
    if (!handler) return void res.writeHead(404).end();
    void handler(req as NextApiRequest, res as NextApiResponse);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}
