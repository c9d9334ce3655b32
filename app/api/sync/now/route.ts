import { adminRoute } from '@/lib/http/route';
import { parseInput, readJson } from '@/lib/http/validate';
import { requestSyncs } from '@/lib/sync/request-sync';
import { syncNowSchema } from '@/lib/sync/schemas';

export const dynamic = 'force-dynamic';

// 202: the jobs run in the background; a request while one runs gets the running job.
export const POST = adminRoute('admin', async ({ req }) => {
  const { upstreamId } = parseInput(syncNowSchema, await readJson(req));
  const jobs = await requestSyncs(upstreamId);
  return Response.json({ jobs: jobs.map((j) => ({ id: j.id, upstreamId: j.upstreamId, status: j.status })) }, { status: 202 });
});
