import { entityId } from '@/lib/http/ids';
import { adminRoute, noContent, ok } from '@/lib/http/route';
import { parseInput, readJson } from '@/lib/http/validate';
import { deleteRoutingRule, getRoutingRule, updateRoutingRule } from '@/lib/routing/rules';
import { updateRoutingRuleSchema } from '@/lib/routing/schemas';

export const dynamic = 'force-dynamic';

export const GET = adminRoute('viewer', async ({ params }) => ok(await getRoutingRule(entityId(params.id, 'routing rule'))));

export const PATCH = adminRoute('admin', async ({ req, params }) => {
  const id = entityId(params.id, 'routing rule');
  const input = parseInput(updateRoutingRuleSchema, await readJson(req));
  return ok(await updateRoutingRule(id, input));
});

export const DELETE = adminRoute('admin', async ({ params }) => {
  await deleteRoutingRule(entityId(params.id, 'routing rule'));
  return noContent();
});
