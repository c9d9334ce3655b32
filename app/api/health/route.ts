import type { NextRequest } from 'next/server';
import { userFromRequest } from '@/lib/auth/current-user';
import { checkHealth } from '@/lib/health/check';
import { hasMetricsToken } from '@/lib/http/metrics-token';

export const dynamic = 'force-dynamic';

// Open without a session (load balancers, the Docker HEALTHCHECK): then only status and db. An admin
// or a scraper with METRICS_TOKEN also sees the version and Redis.
export async function GET(req: NextRequest) {
  const health = await checkHealth();
  const full = hasMetricsToken(req) || (await userFromRequest(req).catch(() => null))?.role === 'admin';
  const body = full ? health : { status: health.status, db: health.db };
  return Response.json(body, { status: health.db === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
