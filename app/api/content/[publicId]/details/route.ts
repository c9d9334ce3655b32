import { contentDetails } from '@/lib/content-browser/details';
import { detailsQuerySchema } from '@/lib/content-browser/schemas';
import { numericId } from '@/lib/http/ids';
import { publicBaseUrl } from '@/lib/http/public-url';
import { adminRoute, ok } from '@/lib/http/route';
import { parseInput } from '@/lib/http/validate';

export const dynamic = 'force-dynamic';

// Poster, plot, episodes (fetched on demand), now/next, copies, and a stream URL for a chosen account.
export const GET = adminRoute('viewer', async ({ req, params, user }) => {
  const { line } = parseInput(detailsQuerySchema, { line: req.nextUrl.searchParams.get('line') || undefined });
  // A stream URL holds the account's password: only admins get one.
  const lineId = user.role === 'admin' ? line : undefined;
  return ok(await contentDetails(numericId(params.publicId, 'item'), { lineId, baseUrl: publicBaseUrl(req.headers) }));
});
