import { adminRoute, ok } from '@/lib/http/route';
import { parseInput } from '@/lib/http/validate';
import { explainRoute } from '@/lib/routing/resolve';
import { resolveQuerySchema } from '@/lib/routing/schemas';

export const dynamic = 'force-dynamic';

// What the router would do now for one public id; source URLs come masked, never with credentials.
export const GET = adminRoute('viewer', async ({ req }) => {
  const { publicId } = parseInput(resolveQuerySchema, { publicId: req.nextUrl.searchParams.get('publicId') ?? undefined });
  return ok(await explainRoute(publicId));
});
