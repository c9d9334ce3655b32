import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { servePlayerRequest } from '@/server/player-routes';

/**
 * A real HTTP server on 127.0.0.1 serving the player surface the way the production server does: the
 * routing table of server/player-routes.ts (everything else is a 404 here; Next is not started).
 */
export async function startXtreamServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (servePlayerRequest(req, res)) return;
    res.writeHead(404).end();
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
