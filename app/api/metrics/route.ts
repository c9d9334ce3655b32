import type { NextRequest } from 'next/server';
import { errorResponse, identify } from '@/lib/http/route';
import { AppError } from '@/lib/errors';
import { hasMetricsToken } from '@/lib/http/metrics-token';
import { metrics } from '@/lib/monitor/metrics';

export const dynamic = 'force-dynamic';

// Prometheus text for a scraper with METRICS_TOKEN, or for a signed-in admin or an admin API token.
export async function GET(req: NextRequest) {
  try {
    if (!hasMetricsToken(req)) {
      const user = (await identify(req))?.user;
      if (!user) throw new AppError('unauthorized', 'Sign in or send Authorization: Bearer $METRICS_TOKEN');
      if (user.role !== 'admin') throw new AppError('forbidden', 'This needs the admin role');
    }
    return new Response(await metrics.metrics(), { headers: { 'content-type': metrics.contentType } });
  } catch (err) {
    return errorResponse(err);
  }
}
