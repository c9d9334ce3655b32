import { entityId } from '@/lib/http/ids';
import { adminRoute, noContent, ok } from '@/lib/http/route';
import { parseInput, readJson } from '@/lib/http/validate';
import { deleteBouquet, getBouquet, updateBouquet } from '@/lib/curation/bouquets';
import { updateBouquetSchema } from '@/lib/curation/schemas';

export const dynamic = 'force-dynamic';

export const GET = adminRoute('viewer', async ({ params }) => ok(await getBouquet(entityId(params.id, 'bouquet'))));

export const PATCH = adminRoute('admin', async ({ req, params }) => {
  const input = parseInput(updateBouquetSchema, await readJson(req));
  return ok(await updateBouquet(entityId(params.id, 'bouquet'), input));
});

// 409 while a player account uses it.
export const DELETE = adminRoute('admin', async ({ params }) => {
  await deleteBouquet(entityId(params.id, 'bouquet'));
  return noContent();
});
