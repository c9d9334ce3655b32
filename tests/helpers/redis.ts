import crypto from 'node:crypto';
import net from 'node:net';
import { Redis } from 'ioredis';
import { FailureLimiter, type FailureLimit } from '@/lib/limits/failure-limiter';
import { SlotBook } from '@/lib/slots/slot-book';
import { SharedFailureLimiter } from '@/lib/limits/shared-failure-limiter';
import { LeaseStore, type LeaseStoreOptions } from '@/lib/shared-state/lease-store';
import { SharedState } from '@/lib/shared-state/shared-state';

/** The Redis the tests use: TEST_REDIS_URL (set by .ci/run), else a local one. */
export const testRedisUrl = process.env.TEST_REDIS_URL?.trim() || 'redis://127.0.0.1:6379';

/** Whether a Redis answers PING at testRedisUrl within a second. */
export async function redisAnswers(url = testRedisUrl): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

/** A key prefix of the test file's own, so parallel files and runs never see each other's keys. */
export const testPrefix = () => `np-test-${crypto.randomBytes(5).toString('hex')}:`;

export interface TestReplica {
  shared: SharedState;
  leases: LeaseStore;
  slots: SlotBook;
  limiter(name: string, limit: FailureLimit): SharedFailureLimiter;
  /** Stops timers and closes both connections (a clean shutdown, or a "crash" when leases are left). */
  close(): Promise<void>;
}

/** One replica of the panel as far as shared state goes: its own connections, slot book and leases. */
export async function startReplica(opts: { prefix: string; replicaId: string; url?: string; leases?: LeaseStoreOptions; waitReady?: boolean }): Promise<TestReplica> {
  const shared = new SharedState({ url: opts.url ?? testRedisUrl, prefix: opts.prefix, replicaId: opts.replicaId });
  const leases = new LeaseStore(shared, opts.leases);
  const slots = new SlotBook(leases);
  if (opts.waitReady !== false) {
    await new Promise<void>((resolve) => (shared.redis.status === 'ready' ? resolve() : shared.redis.once('ready', () => resolve())));
    await shared.bus.subscribed;
  }
  return {
    shared,
    leases,
    slots,
    limiter: (name, limit) => new SharedFailureLimiter(name, new FailureLimiter(limit), () => shared),
    close: async () => {
      slots.stop();
      leases.stop();
      await shared.close();
    },
  };
}

/** Deletes every key under the prefix. */
export async function deleteKeys(prefix: string, url = testRedisUrl): Promise<void> {
  const redis = inspectRedis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** A plain connection for looking at what the replicas wrote (connection errors are the test's to see). */
export function inspectRedis(url = testRedisUrl): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 3 });
  redis.on('error', () => {});
  return redis;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(cond: () => boolean | Promise<boolean>, ms: number, what: string): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if (await cond()) return Date.now() - start;
    await sleep(5);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}
