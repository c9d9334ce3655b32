import { query } from '@/db/client';
import pkg from '@/package.json';

export interface Health {
  status: 'ok' | 'degraded';
  db: 'ok' | 'down';
  version: string;
}

/** Health as API.md defines it; the database gets 3 seconds to answer `SELECT 1`. */
export async function checkHealth(): Promise<Health> {
  const db = await Promise.race([
    query('SELECT 1').then(() => 'ok' as const),
    new Promise<'down'>((resolve) => setTimeout(() => resolve('down'), 3000).unref()),
  ]).catch(() => 'down' as const);
  return { status: db === 'ok' ? 'ok' : 'degraded', db, version: pkg.version };
}
