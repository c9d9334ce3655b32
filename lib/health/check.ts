import { query } from '@/db/client';
import { redisStatus } from '@/lib/shared-state/current';
import pkg from '@/package.json';

export interface Health {
  status: 'ok' | 'degraded';
  db: 'ok' | 'down';
  /** Shared state between replicas; `off` without REDIS_URL. Down is not unhealthy: slots and limits count in process then. */
  redis: 'ok' | 'down' | 'off';
  version: string;
}

// Under the 3 s a load balancer or the Docker HEALTHCHECK allows: a silent database is reported, not waited for.
const DB_BUDGET_MS = 2_500;

/** Health as API.md defines it; the database gets 2.5 seconds to answer `SELECT 1`, Redis 1 s to answer PING (its command budget, lib/shared-state). */
export async function checkHealth(): Promise<Health> {
  const [db, redis] = await Promise.all([
    Promise.race([
      query('SELECT 1').then(() => 'ok' as const),
      new Promise<'down'>((resolve) => setTimeout(() => resolve('down'), DB_BUDGET_MS).unref()),
    ]).catch(() => 'down' as const),
    redisStatus(),
  ]);
  return { status: db === 'ok' ? 'ok' : 'degraded', db, redis, version: pkg.version };
}
