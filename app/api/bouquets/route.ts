import { adminRoute, created, ok } from '@/lib/http/route';
import { parsePage } from '@/lib/http/pagination';
import { parseInput, readJson } from '@/lib/http/validate';
import { createBouquet, listBouquets } from '@/lib/curation/bouquets';
import { bouquetSchema } from '@/lib/curation/schemas';

export const dynamic = 'force-dynamic';

export const GET = adminRoute('viewer', async ({ req }) => ok(await listBouquets(parsePage(req.nextUrl))));

export const POST = adminRoute('admin', async ({ req }) => {
  const input = parseInput(bouquetSchema, await readJson(req));
  return created(await createBouquet(input));
});
