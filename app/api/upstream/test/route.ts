import { adminRoute, ok } from '@/lib/http/route';
import { parseInput, readJson } from '@/lib/http/validate';
import { testUpstreamConnection } from '@/lib/upstream';
import { testUpstreamSchema } from '@/lib/upstream/server-schemas';

export const dynamic = 'force-dynamic';

// Always 200 for valid input: the outcome is in `success` and `code`. Nothing is stored.
export const POST = adminRoute('admin', async ({ req }) => {
  const input = parseInput(testUpstreamSchema, await readJson(req));
  return ok(await testUpstreamConnection({ ...input, userAgent: input.userAgent ?? undefined }));
});
