import crypto from 'node:crypto';
import type { NextRequest } from 'next/server';
import { userFromRequest } from '@/lib/auth/current-user';
import { getEnv } from '@/lib/env';
import { errorResponse } from '@/lib/http/route';
import { AppError } from '@/lib/http/errors';
import { metrics } from '@/lib/monitor/metrics';

export const dynamic = 'force-dynamic';

function bearerMatches(req: NextRequest): boolean {
  const token = getEnv().METRICS_TOKEN;
  const given = req.headers.get('authorization')?.replace(/^Bearer\s+/i, '') ?? '';
  if (!token || !given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

// Prometheus text for a scraper with METRICS_TOKEN, or for a signed-in admin.
export async function GET(req: NextRequest) {
  try {
    if (!bearerMatches(req)) {
      const user = await userFromRequest(req);
      if (!user) throw new AppError('unauthorized', 'Sign in or send Authorization: Bearer $METRICS_TOKEN');
      if (user.role !== 'admin') throw new AppError('forbidden', 'This needs the admin role');
    }
    return new Response(await metrics.metrics(), { headers: { 'content-type': metrics.contentType } });
  } catch (err) {
    return errorResponse(err);
  }
}
