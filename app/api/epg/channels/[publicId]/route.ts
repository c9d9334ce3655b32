import { numericId } from '@/lib/http/ids';
import { adminRoute, ok } from '@/lib/http/route';
import { parseInput, readJson } from '@/lib/http/validate';
import { channelMappingSchema } from '@/lib/epg/schemas';
import { setChannelMapping } from '@/lib/epg/mappings';

export const dynamic = 'force-dynamic';

export const PUT = adminRoute('admin', async ({ req, params }) => {
  const input = parseInput(channelMappingSchema, await readJson(req));
  return ok(await setChannelMapping(numericId(params.publicId, 'live channel'), input));
});
