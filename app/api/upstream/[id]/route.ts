import { entityId } from '@/lib/http/ids';
import { adminRoute, noContent, ok } from '@/lib/http/route';
import { parseInput, readJson } from '@/lib/http/validate';
import { updateUpstreamSchema } from '@/lib/upstream/server-schemas';
import { deleteUpstream, getUpstream, updateUpstream } from '@/lib/upstream/server-service';

export const dynamic = 'force-dynamic';

export const GET = adminRoute('viewer', async ({ params }) => ok(await getUpstream(entityId(params.id, 'upstream'))));

export const PATCH = adminRoute('admin', async ({ req, params, auditBefore }) => {
  const input = parseInput(updateUpstreamSchema, await readJson(req));
  auditBefore(await getUpstream(entityId(params.id, 'upstream')));
  return ok(await updateUpstream(entityId(params.id, 'upstream'), input));
});

export const DELETE = adminRoute('admin', async ({ params, auditBefore }) => {
  auditBefore(await getUpstream(entityId(params.id, 'upstream')));
  await deleteUpstream(entityId(params.id, 'upstream'));
  return noContent();
});
