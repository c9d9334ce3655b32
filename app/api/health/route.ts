import { checkHealth } from '@/lib/health/check';

export const dynamic = 'force-dynamic';

// Open without a session: load balancers and the Docker HEALTHCHECK call it.
export async function GET() {
  const health = await checkHealth();
  return Response.json(health, { status: health.db === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
