import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { getEnv } from '@/lib/env';
import { refuseOversizedBody } from '@/lib/http/body-limits';
import { PEER_HEADER } from '@/lib/net/client-ip';
import { SERVER_LIMITS } from '@/lib/http/limits';
import { applySecurityHeaders } from '@/lib/http/security-headers';
import { playerRequestsRecorded } from '@/lib/xtream/request-log';
import { bridgeConsoleToLogger } from '@/lib/monitor/console-bridge';
import { logger } from '@/lib/monitor/logger';
import { finishShutdown, shutdownPanel } from '@/lib/shutdown';
import { startPanel } from '@/lib/startup';
import { servePlayerRequest } from './player-routes';
import { servePreviewRequest } from './preview-route';

// The one server entry, in development (`npm run dev`: tsx, next({ dev: true })) and production
// (`npm start`, the Docker image: `node dist/server.js`, bundled by scripts/build-server.mjs and run
// beside the production node_modules, as Next documents for a custom server). Players' requests are
// answered on node:http by the routing table in ./player-routes; everything else goes to Next.

const SHUTDOWN_GRACE_MS = 3_000;
/** A running sync gets this much more to reach its next batch boundary and mark its job. */
const SYNC_STOP_MS = 3_000;
/** Flushing the request log and giving back Redis leases. */
const FINAL_MS = 2_500;
// dist/server.js and server/main.ts both sit one folder below the project root.
const root = path.resolve(__dirname, '..');

async function main() {
  // Next reports failures with console.error and multi-line stacks: one structured log line each.
  bridgeConsoleToLogger();
  const env = getEnv();
  const dev = env.NODE_ENV !== 'production';
  const app = next({ dev, dir: root, hostname: env.HOSTNAME, port: env.PORT, ...(dev ? { turbopack: true } : {}) });
  const handle = app.getRequestHandler();
  await app.prepare();
  // Players are answered without Next, so the front must not take requests before the panel has
  // started (configuration, secrets, schema, bootstrap admin): the run instrumentation.ts asks for too.
  await startPanel();

  const server = http.createServer(SERVER_LIMITS, (req, res) => {
    if (servePlayerRequest(req, res)) return;
    if (servePreviewRequest(req, res)) return;
    // Contract with lib/http/client-ip.ts: the socket's address, never a value the client sent.
    req.headers[PEER_HEADER] = req.socket.remoteAddress ?? '';
    if (refuseOversizedBody(req, res)) return;
    applySecurityHeaders(req, res);
    handle(req, res).catch((err: unknown) => {
      logger.error({ err, url: req.url }, 'request failed');
      if (!res.headersSent) res.writeHead(500).end('Internal Server Error');
      else res.destroy();
    });
  });
  if (env.KEEP_ALIVE_TIMEOUT !== undefined) server.keepAliveTimeout = env.KEEP_ALIVE_TIMEOUT;
  // In development Next's hot reload talks over WebSocket upgrades on the same server.
  if (dev) server.on('upgrade', app.getUpgradeHandler());
  server.on('error', (err) => {
    logger.fatal({ err }, 'server failed to start');
    process.exit(1);
  });
  server.listen(env.PORT, env.HOSTNAME, () => console.log(`NeroPanel server ready on http://${env.HOSTNAME}:${env.PORT}${dev ? ' (development)' : ''}`));

  // Stop accepting; running syncs stop at their next batch and close their jobs meanwhile. Requests in
  // flight get a few seconds, then every connection still open (live streams never end by themselves)
  // is closed, so the streams' last request-log entries exist; then the log is flushed, this
  // replica's Redis leases are given back, Next closes, and the process exits 128 + the signal's
  // number: within SHUTDOWN_GRACE_MS + SYNC_STOP_MS + FINAL_MS (10 s) at worst.
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(sig, async () => {
      const started = Date.now();
      logger.info({ signal: sig }, 'stopping');
      const stopped = shutdownPanel(SHUTDOWN_GRACE_MS + SYNC_STOP_MS);
      const drained = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      await Promise.race([drained, new Promise((r) => setTimeout(r, SHUTDOWN_GRACE_MS).unref())]);
      server.closeAllConnections();
      // Closed sockets report 'close' a few event-loop turns later; their requests are logged then.
      await playerRequestsRecorded(1_000);
      await stopped;
      const final = await finishShutdown(FINAL_MS);
      await Promise.race([app.close().catch((err: unknown) => logger.error({ err }, 'closing Next failed')), new Promise((r) => setTimeout(r, 500).unref())]);
      logger.info({ ms: Date.now() - started, done: final.done, late: final.late }, 'stopped');
      process.exit(code);
    });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
