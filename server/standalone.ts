import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { startPanel } from '@/lib/startup';
import { serveXtream } from './xtream-front';

// The production server (`node server.js` in .next/standalone, the Docker image, `npm start`):
// scripts/postbuild.mjs bundles this file over Next's generated server.js, which is kept beside it as
// next-server.js. Players' requests to the Xtream surface are answered on node:http directly; every
// other request (pages, admin API, auth, the bare stream form) goes through Next as before.

const SHUTDOWN_GRACE_MS = 3_000;

async function main() {
  const dir = __dirname;
  (process.env as Record<string, string>).NODE_ENV = 'production';
  process.chdir(dir);
  const port = Number.parseInt(process.env.PORT ?? '', 10) || 3000;
  const hostname = process.env.HOSTNAME || '0.0.0.0';
  const keepAlive = Number.parseInt(process.env.KEEP_ALIVE_TIMEOUT ?? '', 10);

  // What Next's own standalone server.js does before it starts: the build's config, no next.config.js.
  const { config } = JSON.parse(fs.readFileSync(path.join(dir, '.next', 'required-server-files.json'), 'utf8'));
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);

  const app = next({ dev: false, dir, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  // The front answers players without Next, so it must not start before the panel has (configuration,
  // secrets, schema, bootstrap admin): the same run instrumentation.ts starts inside Next.
  await startPanel();

  const server = http.createServer((req, res) => {
    if (serveXtream(req, res)) return;
    handle(req, res).catch((err: unknown) => {
      console.error(`Failed to handle request for ${req.url}`, err);
      if (!res.headersSent) res.writeHead(500).end('Internal Server Error');
      else res.destroy();
    });
  });
  if (Number.isFinite(keepAlive) && keepAlive >= 0) server.keepAliveTimeout = keepAlive;
  server.on('error', (err) => {
    console.error('Failed to start server', err);
    process.exit(1);
  });
  server.listen(port, hostname, () => console.log(`NeroPanel server ready on http://${hostname}:${port}`));

  // Like Next's own server: stop accepting, let requests in flight finish (streams get a few seconds),
  // close Next, exit 128 + the signal's number.
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(sig, async () => {
      const drained = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      await Promise.race([drained, new Promise((r) => setTimeout(r, SHUTDOWN_GRACE_MS).unref())]);
      await app.close().catch((err: unknown) => console.error(err));
      process.exit(code);
    });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
