import http from 'node:http';
import { servePlayerRequest } from '@/server/player-routes';
import { listenLocal } from './listen';

/** The player surface on a local port: its base URL and how to close it. */
export interface XtreamServer {
  url: string;
  close: () => Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 serving the player surface the way the production server does: the
 * routing table of server/player-routes.ts (everything else is a 404 here; Next is not started).
 */
export async function startXtreamServer(): Promise<XtreamServer> {
  const server = http.createServer((req, res) => {
    if (servePlayerRequest(req, res)) return;
    res.writeHead(404).end();
  });
  return listenLocal(server);
}
