import { z } from 'zod';
import { adminRoute, created, ok } from '@/lib/http/route';
import { parsePage } from '@/lib/http/pagination';
import { publicBaseUrl } from '@/lib/http/public-url';
import { parseInput, readJson } from '@/lib/http/validate';
import { createLineSchema } from '@/lib/lines/schemas';
import { createLine, listLines } from '@/lib/lines/service';

export const dynamic = 'force-dynamic';

const search = z.object({ q: z.string().max(64, 'must be at most 64 characters').optional() });

export const GET = adminRoute('viewer', async ({ req }) => {
  const { q } = parseInput(search, { q: req.nextUrl.searchParams.get('q') ?? undefined });
  return ok(await listLines({ ...parsePage(req.nextUrl), q }));
});

// 201 with the password shown once more and the links ready to copy.
export const POST = adminRoute('admin', async ({ req }) => {
  const input = parseInput(createLineSchema, await readJson(req));
  return created(await createLine(input, publicBaseUrl(req.headers)));
});
