import { adminRoute, created, ok } from '@/lib/http/route';
import { parsePage } from '@/lib/http/pagination';
import { parseInput, readJson } from '@/lib/http/validate';
import { createSchemaFor } from '@/lib/upstream/server-schemas';
import { createUpstream, listUpstreams } from '@/lib/upstream/server-service';

export const dynamic = 'force-dynamic';

export const GET = adminRoute('viewer', async ({ req }) => ok(await listUpstreams(parsePage(req.nextUrl))));

// `kind: "m3u"` takes a playlist URL instead of server, username and password.
export const POST = adminRoute('admin', async ({ req }) => {
  const body = await readJson(req);
  return created(await createUpstream(parseInput(createSchemaFor(body), body)));
});
