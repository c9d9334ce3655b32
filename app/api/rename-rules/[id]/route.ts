import { entityId } from '@/lib/http/ids';
import { adminRoute, noContent, ok } from '@/lib/http/route';
import { parseInput, readJson } from '@/lib/http/validate';
import { deleteRenameRule, updateRenameRule } from '@/lib/curation/rename-rules';
import { updateRenameRuleSchema } from '@/lib/curation/schemas';

export const dynamic = 'force-dynamic';

export const PATCH = adminRoute('admin', async ({ req, params }) => {
  const input = parseInput(updateRenameRuleSchema, await readJson(req));
  return ok(await updateRenameRule(entityId(params.id, 'rename rule'), input));
});

export const DELETE = adminRoute('admin', async ({ params }) => {
  await deleteRenameRule(entityId(params.id, 'rename rule'));
  return noContent();
});
