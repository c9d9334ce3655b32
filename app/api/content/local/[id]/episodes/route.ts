import { entityId } from '@/lib/http/ids';
import { adminRoute, created, ok } from '@/lib/http/route';
import { parsePage } from '@/lib/http/pagination';
import { parseInput, readJson } from '@/lib/http/validate';
import { createLocalEpisodeSchema } from '@/lib/local-content/schemas';
import { createLocalEpisode, listLocalEpisodes } from '@/lib/local-content/service';

export const dynamic = 'force-dynamic';

// In season and episode order.
export const GET = adminRoute('viewer', async ({ req, params }) => {
  const page = parsePage(req.nextUrl);
  return ok(await listLocalEpisodes(entityId(params.id, 'series'), page));
});

export const POST = adminRoute('admin', async ({ req, params }) => {
  const input = parseInput(createLocalEpisodeSchema, await readJson(req));
  return created(await createLocalEpisode(entityId(params.id, 'series'), input));
});
