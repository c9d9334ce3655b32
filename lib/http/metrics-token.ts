import crypto from 'node:crypto';
import { getEnv } from '@/lib/env';

/** True when the request carries `Authorization: Bearer $METRICS_TOKEN` (compared in constant time). */
export function hasMetricsToken(req: Request): boolean {
  const token = getEnv().METRICS_TOKEN;
  const given = req.headers.get('authorization')?.replace(/^Bearer\s+/i, '') ?? '';
  if (!token || !given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
