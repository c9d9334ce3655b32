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

/** Health as API.md defines it; the database gets 3 seconds to answer `SELECT 1`, Redis 250 ms to answer PING. */
export async function checkHealth(): Promise<Health> {
  const [db, redis] = await Promise.all([
    Promise.race([
      query('SELECT 1').then(() => 'ok' as const),
      new Promise<'down'>((resolve) => setTimeout(() => resolve('down'), 3000).unref()),
    ]).catch(() => 'down' as const),
    redisStatus(),
  ]);
  return { status: db === 'ok' ? 'ok' : 'degraded', db, redis, version: pkg.version };
}
