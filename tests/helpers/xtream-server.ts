import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NextApiRequest, NextApiResponse } from 'next';
import bareStream from '@/pages/api/xtream/stream/[u]/[p]/[stream]';
import { serveXtream } from '@/server/xtream-front';

/**
 * A real HTTP server on 127.0.0.1 serving the Xtream surface the way the production server does: the
 * node:http front (server/xtream-front.ts), then the bare /{u}/{p}/{id} form, which Next reaches
 * through its `fallback` rewrite.
 */
export async function startXtreamServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (serveXtream(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://x');
    const parts = url.pathname.split('/').slice(1);
    if (parts.length !== 3) return void res.writeHead(404).end();
    const [u, p, stream] = parts.map(decodeURIComponent);
    (req as NextApiRequest).query = { ...Object.fromEntries(url.searchParams), u, p, stream };
    void bareStream(req as NextApiRequest, res as NextApiResponse);
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
