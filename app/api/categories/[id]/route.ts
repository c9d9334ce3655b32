import { numericId } from '@/lib/http/ids';
import { adminRoute, ok } from '@/lib/http/route';
import { parseInput, readJson } from '@/lib/http/validate';
import { updateCategory } from '@/lib/curation/categories';
import { categoryPatchSchema } from '@/lib/curation/schemas';

export const dynamic = 'force-dynamic';

// `null` restores the provider's value; sync never changes what the admin set.
export const PATCH = adminRoute('admin', async ({ req, params }) => {
  const input = parseInput(categoryPatchSchema, await readJson(req));
  return ok(await updateCategory(numericId(params.id, 'category'), input));
});
