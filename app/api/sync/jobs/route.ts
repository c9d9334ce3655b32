import { z } from 'zod';
import { adminRoute, ok } from '@/lib/http/route';
import { parsePage } from '@/lib/http/pagination';
import { parseInput } from '@/lib/http/validate';
import { listSyncJobs } from '@/lib/sync/jobs';

export const dynamic = 'force-dynamic';

const filter = z.object({ upstreamId: z.uuid('must be an upstream id').optional() });

export const GET = adminRoute('viewer', async ({ req }) => {
  const { upstreamId } = parseInput(filter, { upstreamId: req.nextUrl.searchParams.get('upstreamId') ?? undefined });
  return ok(await listSyncJobs({ ...parsePage(req.nextUrl), upstreamId }));
});
