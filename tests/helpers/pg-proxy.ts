import net from 'node:net';
import { installDatabase, openPostgres, type Database } from '@/db/client';
import { withDatabase } from '../global-setup';
import { createTestDatabase } from './database';

/**
 * A TCP proxy between the panel's pg Pool and PostgreSQL, to take the database away the ways a network
 * does: `refuse()` (connections refused, open ones closed: a restart), `cut()` (open connections reset,
 * new ones welcome: a blip), `hold()` (a partition: every connection, open or new, stays up and silent;
 * bytes wait in the proxy) and `restore()`.
 */
export interface PgProxy {
  port: number;
  /** `url` (a postgres:// URL of the real server) pointed at the proxy. */
  through(url: string): string;
  refuse(): Promise<void>;
  cut(): void;
  hold(): void;
  restore(): Promise<void>;
  mode(): 'pass' | 'refuse' | 'hold';
  /** Connections currently open through the proxy. */
  open(): number;
  close(): Promise<void>;
}

interface Pair {
  /** The client hung up during a partition: the server hears of it only once the network is back. */
  closedWhileHeld?: boolean;
  client: net.Socket;
  upstream: net.Socket | null;
  toUpstream: Buffer[];
  toClient: Buffer[];
}

export async function startPgProxy(target = { host: '127.0.0.1', port: 5432 }): Promise<PgProxy> {
  let mode: 'pass' | 'refuse' | 'hold' = 'pass';
  const pairs = new Set<Pair>();

  const destroy = (p: Pair) => {
    pairs.delete(p);
    p.client.destroy();
    p.upstream?.destroy();
  };
  const connectUpstream = (p: Pair) => {
    const up = net.connect(target);
    p.upstream = up;
    up.on('data', (d) => (mode === 'hold' ? p.toClient.push(d) : p.client.write(d)));
    up.on('error', () => destroy(p));
    up.on('close', () => destroy(p));
    flush(p);
  };
  const flush = (p: Pair) => {
    if (p.upstream) for (const d of p.toUpstream.splice(0)) p.upstream.write(d);
    for (const d of p.toClient.splice(0)) p.client.write(d);
  };

  const onConnection = (client: net.Socket) => {
    if (mode === 'refuse') return void client.destroy();
    const p: Pair = { client, upstream: null, toUpstream: [], toClient: [] };
    pairs.add(p);
    client.on('data', (d) => (mode === 'hold' || !p.upstream ? p.toUpstream.push(d) : p.upstream.write(d)));
    const gone = () => (mode === 'hold' ? void (p.closedWhileHeld = true) : destroy(p));
    client.on('error', gone);
    client.on('close', gone);
    if (mode === 'pass') connectUpstream(p);
  };

  let server = net.createServer(onConnection);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;

  const listen = async () => {
    for (let attempt = 0; ; attempt++) {
      server = net.createServer(onConnection);
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(port, '127.0.0.1', () => resolve());
        });
        return;
      } catch (err) {
        if (attempt > 50) throw err;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };

  return {
    port,
    through(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    async refuse() {
      mode = 'refuse';
      for (const p of [...pairs]) destroy(p);
      await new Promise<void>((r) => server.close(() => r()));
    },
    cut() {
      for (const p of [...pairs]) {
        p.client.resetAndDestroy();
        destroy(p);
      }
    },
    hold() {
      mode = 'hold';
    },
    async restore() {
      const was = mode;
      mode = 'pass';
      if (was === 'refuse') await listen();
      for (const p of [...pairs]) {
        if (p.closedWhileHeld) {
          if (p.upstream) for (const d of p.toUpstream.splice(0)) p.upstream.write(d);
          destroy(p);
        } else if (!p.upstream) connectUpstream(p);
        else flush(p);
      }
    },
    mode: () => mode,
    open: () => pairs.size,
    async close() {
      for (const p of [...pairs]) destroy(p);
      if (server.listening) await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/**
 * A fresh PostgreSQL test database reached only through a proxy the test controls, installed as the
 * process database. `direct` bypasses the proxy (for checks while it is down).
 */
export async function installProxiedTestDatabase(): Promise<{ direct: Database; proxied: Database; proxy: PgProxy }> {
  const direct = await createTestDatabase('pg');
  const [{ name }] = await direct.query<{ name: string }>('SELECT current_database() AS name');
  const proxy = await startPgProxy();
  const proxied = await openPostgres(proxy.through(withDatabase(process.env.TEST_DATABASE_URL!, name)), 5);
  installDatabase(proxied);
  return { direct, proxied, proxy };
}

/** Undoes `installProxiedTestDatabase`: no database installed, then the proxied pool, the proxy and the direct pool closed. */
export async function closeProxiedTestDatabase(db: { direct?: Database; proxied?: Database; proxy?: PgProxy }): Promise<void> {
  installDatabase(undefined);
  await db.proxied?.close().catch(() => {});
  await db.proxy?.close();
  await db.direct?.close();
}
