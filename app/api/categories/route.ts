import { adminRoute, ok } from '@/lib/http/route';
import { parsePage } from '@/lib/http/pagination';
import { parseInput } from '@/lib/http/validate';
import { listCategories } from '@/lib/curation/categories';
import { categoryFilterSchema } from '@/lib/curation/schemas';

export const dynamic = 'force-dynamic';

// Every category with the admin's name, hidden flag and position next to the provider's name.
export const GET = adminRoute('viewer', async ({ req }) => {
  const p = req.nextUrl.searchParams;
  const filter = parseInput(categoryFilterSchema, { type: p.get('type') || undefined, upstreamId: p.get('upstreamId') || undefined, q: p.get('q') || undefined });
  return ok(await listCategories({ ...filter, ...parsePage(req.nextUrl) }));
});
