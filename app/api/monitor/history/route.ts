import { adminRoute, ok } from '@/lib/http/route';
import { parseInput } from '@/lib/http/validate';
import { monitorHistory } from '@/lib/monitor/minutes';
import { historyQuerySchema } from '@/lib/monitor/schemas';

export const dynamic = 'force-dynamic';

// Per-minute requests, errors, viewers and bytes of the last hours (stored, so they survive a restart).
export const GET = adminRoute('viewer', async ({ req }) => {
  const { hours } = parseInput(historyQuerySchema, { hours: req.nextUrl.searchParams.get('hours') ?? undefined });
  return ok(await monitorHistory(hours));
});
