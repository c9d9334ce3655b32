import { numericId } from '@/lib/http/ids';
import { adminRoute, ok } from '@/lib/http/route';
import { parseInput, readJson } from '@/lib/http/validate';
import { updateItem } from '@/lib/content-browser/curate-item';
import { itemPatchSchema } from '@/lib/curation/schemas';

export const dynamic = 'force-dynamic';

// The admin's name, hidden flag, category, channel number, logo and guide id; `null` restores the provider's.
export const PATCH = adminRoute('admin', async ({ req, params }) => {
  const input = parseInput(itemPatchSchema, await readJson(req));
  return ok(await updateItem(numericId(params.publicId, 'item'), input));
});
