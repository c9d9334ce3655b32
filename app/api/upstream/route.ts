import { adminRoute, created, ok } from '@/lib/http/route';
import { parsePage } from '@/lib/http/pagination';
import { parseInput, readJson } from '@/lib/http/validate';
import { createUpstreamSchema } from '@/lib/upstream/server-schemas';
import { createUpstream, listUpstreams } from '@/lib/upstream/server-service';

export const dynamic = 'force-dynamic';

export const GET = adminRoute('viewer', async ({ req }) => ok(await listUpstreams(parsePage(req.nextUrl))));

export const POST = adminRoute('admin', async ({ req }) => created(await createUpstream(parseInput(createUpstreamSchema, await readJson(req)))));
