import { entityId } from '@/lib/http/ids';
import { adminRoute, noContent, ok } from '@/lib/http/route';
import { parseInput, readJson } from '@/lib/http/validate';
import { updateSourceSchema } from '@/lib/epg/schemas';
import { deleteSource, getSource, updateSource } from '@/lib/epg/sources';

export const dynamic = 'force-dynamic';

export const GET = adminRoute('viewer', async ({ params }) => ok(await getSource(entityId(params.id, 'guide source'))));

export const PATCH = adminRoute('admin', async ({ req, params }) => {
  const input = parseInput(updateSourceSchema, await readJson(req));
  return ok(await updateSource(entityId(params.id, 'guide source'), input));
});

// An upstream's own guide goes with its upstream: 404 here.
export const DELETE = adminRoute('admin', async ({ params }) => {
  await deleteSource(entityId(params.id, 'guide source'));
  return noContent();
});
