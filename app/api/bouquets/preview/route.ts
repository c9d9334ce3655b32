import { adminRoute, ok } from '@/lib/http/route';
import { parseInput, readJson } from '@/lib/http/validate';
import { previewBouquets } from '@/lib/curation/bouquets';
import { bouquetPreviewSchema } from '@/lib/curation/schemas';

export const dynamic = 'force-dynamic';

// What an account with these bouquets (in order) sees: counts per type and the first items.
export const POST = adminRoute('admin', async ({ req }) => {
  const { bouquetIds } = parseInput(bouquetPreviewSchema, await readJson(req));
  return ok(await previewBouquets(bouquetIds));
});
