import { adminRoute, created, ok } from '@/lib/http/route';
import { parsePage } from '@/lib/http/pagination';
import { parseInput, readJson } from '@/lib/http/validate';
import { createRenameRule, listRenameRules } from '@/lib/curation/rename-rules';
import { renameRuleSchema } from '@/lib/curation/schemas';

export const dynamic = 'force-dynamic';

// In the order they apply (position, then oldest first).
export const GET = adminRoute('viewer', async ({ req }) => ok(await listRenameRules(parsePage(req.nextUrl))));

export const POST = adminRoute('admin', async ({ req }) => {
  const input = parseInput(renameRuleSchema, await readJson(req));
  return created(await createRenameRule(input));
});
