import { adminRoute, created, ok } from '@/lib/http/route';
import { parsePage } from '@/lib/http/pagination';
import { parseInput, readJson } from '@/lib/http/validate';
import { createRoutingRule, listRoutingRules } from '@/lib/routing/rules';
import { routingRuleSchema } from '@/lib/routing/schemas';

export const dynamic = 'force-dynamic';

// Highest priority first: the order in which the router tries them.
export const GET = adminRoute('viewer', async ({ req }) => ok(await listRoutingRules(parsePage(req.nextUrl))));

export const POST = adminRoute('admin', async ({ req }) => {
  const input = parseInput(routingRuleSchema, await readJson(req));
  return created(await createRoutingRule(input));
});
