import { Redis } from 'ioredis';
import { logger } from '@/lib/monitor/logger';
import { NoticeBus } from './notices';

export interface SharedStateOptions {
  url: string;
  replicaId: string;
  /** Prepended to every key and the notice channel, so tests (and several panels) can share a Redis. */
  prefix?: string;
  /**
   * Budget of a Redis call on a request path (1 s). An outage is seen at once (the connection is not
   * ready, so no call waits); the budget is for a connected Redis whose answer is late. At 250 ms a
   * loaded 2-core machine missed it (the answer waits for the event loop), and a slot take that misses
   * it counts in process: an account limited to one viewer got a second stream on another replica.
   */
  commandTimeoutMs?: number;
}

export type RedisStatus = 'ok' | 'down';

const WARN_EVERY_MS = 60_000;
/** How long a call right after start-up waits for the first connection before counting in process. */
const FIRST_CONNECT_WAIT_MS = 250;

/**
 * One replica's link to Redis: a command connection (short timeouts, no offline queue, so a call
 * fails at once while Redis is away and the caller counts in process instead), a subscriber
 * connection for notices, and the key prefix. Both reconnect in the background for ever.
 */
export class SharedState {
  readonly redis: Redis;
  readonly bus: NoticeBus;
  readonly prefix: string;
  readonly replicaId: string;
  readonly commandTimeoutMs: number;
  private readonly sub: Redis;
  private readonly firstConnectUntil: number;
  private everReady = false;
  private lastWarnAt = 0;
  private warnedSinceReady = false;

  constructor(opts: SharedStateOptions) {
    this.prefix = opts.prefix ?? 'np:';
    this.replicaId = opts.replicaId;
    this.commandTimeoutMs = opts.commandTimeoutMs ?? 1_000;
    const connectTimeout = 2_000;
    this.firstConnectUntil = Date.now() + connectTimeout;
    const common = {
      connectTimeout,
      retryStrategy: (times: number) => Math.min(times * 250, 5_000),
      connectionName: `neropanel:${opts.replicaId}`,
    };
    this.redis = new Redis(opts.url, { ...common, enableOfflineQueue: false, commandTimeout: this.commandTimeoutMs, maxRetriesPerRequest: 1 });
    // The subscriber may queue its SUBSCRIBE until the first connect and resubscribes after a reconnect.
    this.sub = new Redis(opts.url, { ...common, maxRetriesPerRequest: null });
    for (const conn of [this.redis, this.sub]) conn.on('error', (err: Error) => this.warn(err));
    this.redis.on('ready', () => {
      this.everReady = true;
      if (this.warnedSinceReady) logger.info({ replica: this.replicaId }, 'redis reachable again; sharing slots and limits');
      this.warnedSinceReady = false;
    });
    this.bus = new NoticeBus(this.sub, this.redis, `${this.prefix}notices`, (err) => this.warn(err));
  }

  key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  status(): RedisStatus {
    return this.redis.status === 'ready' ? 'ok' : 'down';
  }

  /**
   * Runs a Redis call for a request path. Resolves undefined (never throws, never waits longer than
   * the budget) when Redis is unreachable, so the caller falls back to in-process counting.
   */
  async attempt<T>(call: (redis: Redis) => Promise<T>): Promise<T | undefined> {
    if (this.redis.status !== 'ready' && !(await this.firstConnect())) return undefined;
    try {
      return await call(this.redis);
    } catch (err) {
      this.warn(err);
      return undefined;
    }
  }

  /** PING within the budget: what the health answer reports. */
  async ping(): Promise<RedisStatus> {
    return (await this.attempt((r) => r.ping())) === 'PONG' ? 'ok' : 'down';
  }

  /** At most one warning a minute, however many calls fail. */
  warn(err: unknown): void {
    const now = Date.now();
    if (now - this.lastWarnAt < WARN_EVERY_MS) return;
    this.lastWarnAt = now;
    this.warnedSinceReady = true;
    logger.warn({ replica: this.replicaId, err: err instanceof Error ? err.message : String(err) }, 'redis unavailable; counting slots and limits in this process');
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.redis, this.sub].map(async (c) => (c.status === 'ready' ? c.quit() : c.disconnect())));
  }

  /** Right after start-up the first connection may still be on its way: wait for it, briefly. */
  private firstConnect(): Promise<boolean> {
    const connecting = ['wait', 'connecting', 'connect'].includes(this.redis.status);
    if (this.everReady || !connecting || Date.now() > this.firstConnectUntil) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.redis.off('ready', onReady);
        resolve(ok);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), FIRST_CONNECT_WAIT_MS);
      this.redis.once('ready', onReady);
    });
  }
}
