import { entityId } from '@/lib/http/ids';
import { adminRoute, noContent, ok } from '@/lib/http/route';
import { parseInput, readJson } from '@/lib/http/validate';
import { updateLocalEpisodeSchema } from '@/lib/local-content/schemas';
import { deleteLocalEpisode, updateLocalEpisode } from '@/lib/local-content/service';

export const dynamic = 'force-dynamic';

export const PATCH = adminRoute('admin', async ({ req, params }) => {
  const input = parseInput(updateLocalEpisodeSchema, await readJson(req));
  return ok(await updateLocalEpisode(entityId(params.id, 'series'), entityId(params.episodeId, 'episode'), input));
});

export const DELETE = adminRoute('admin', async ({ params }) => {
  await deleteLocalEpisode(entityId(params.id, 'series'), entityId(params.episodeId, 'episode'));
  return noContent();
});
