import { adminRoute, ok } from '@/lib/http/route';
import { parseInput, readJson } from '@/lib/http/validate';
import { previewRenameRule } from '@/lib/curation/rename-rules';
import { renamePreviewSchema } from '@/lib/curation/schemas';

export const dynamic = 'force-dynamic';

// The first 20 names a rule would change, `[{before, after}]`, before it is saved. Admins only: it
// runs the admin's pattern over the catalog.
export const POST = adminRoute('admin', async ({ req }) => {
  const input = parseInput(renamePreviewSchema, await readJson(req));
  return ok(await previewRenameRule(input));
});
