import { adminRoute, ok } from '@/lib/http/route';
import { parsePage } from '@/lib/http/pagination';
import { parseInput } from '@/lib/http/validate';
import { contentFilterSchema, filterInput } from '@/lib/content-browser/schemas';
import { listContent } from '@/lib/content-browser/service';

export const dynamic = 'force-dynamic';

// The merged catalog (synced and local) with the public ids players see; any signed-in user may read it.
export const GET = adminRoute('viewer', async ({ req }) => {
  const filter = parseInput(contentFilterSchema, filterInput(req.nextUrl.searchParams));
  return ok(await listContent({ ...filter, ...parsePage(req.nextUrl) }));
});
