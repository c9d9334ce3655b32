import { adminRoute, created, ok } from '@/lib/http/route';
import { parsePage } from '@/lib/http/pagination';
import { parseInput, readJson } from '@/lib/http/validate';
import { createLocalContentSchema, localContentSearchSchema } from '@/lib/local-content/schemas';
import { createLocalContent, listLocalContent } from '@/lib/local-content/service';

export const dynamic = 'force-dynamic';

export const GET = adminRoute('viewer', async ({ req }) => {
  const params = req.nextUrl.searchParams;
  const filter = parseInput(localContentSearchSchema, { type: params.get('type') ?? undefined, q: params.get('q') ?? undefined });
  return ok(await listLocalContent({ ...parsePage(req.nextUrl), ...filter }));
});

export const POST = adminRoute('admin', async ({ req, user }) => {
  const input = parseInput(createLocalContentSchema, await readJson(req));
  return created(await createLocalContent(input, user.id));
});
