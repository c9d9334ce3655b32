import { entityId } from '@/lib/http/ids';
import { adminRoute, noContent, ok } from '@/lib/http/route';
import { parseInput, readJson } from '@/lib/http/validate';
import { updateLocalContentSchema } from '@/lib/local-content/schemas';
import { deleteLocalContent, getLocalContent, updateLocalContent } from '@/lib/local-content/service';

export const dynamic = 'force-dynamic';

export const GET = adminRoute('viewer', async ({ params }) => ok(await getLocalContent(entityId(params.id, 'local item'))));

export const PATCH = adminRoute('admin', async ({ req, params }) => {
  const input = parseInput(updateLocalContentSchema, await readJson(req));
  return ok(await updateLocalContent(entityId(params.id, 'local item'), input));
});

// Its episodes go with it; players no longer see it once their catalog refreshes.
export const DELETE = adminRoute('admin', async ({ params }) => {
  await deleteLocalContent(entityId(params.id, 'local item'));
  return noContent();
});
