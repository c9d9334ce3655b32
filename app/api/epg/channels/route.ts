import { z } from 'zod';
import { adminRoute, ok } from '@/lib/http/route';
import { parsePage } from '@/lib/http/pagination';
import { parseInput } from '@/lib/http/validate';
import { listChannelMappings, searchSourceChannels } from '@/lib/epg/mappings';

export const dynamic = 'force-dynamic';

const search = z.object({
  q: z.string().max(64, 'must be at most 64 characters').optional(),
  unmatched: z.enum(['0', '1'], 'must be 0 or 1').optional(),
  // `?guide=1&q=` is the type-ahead over guide channels (optionally of one `sourceId`)
  guide: z.enum(['0', '1'], 'must be 0 or 1').optional(),
  sourceId: z.uuid('must be a source id').optional(),
});

export const GET = adminRoute('viewer', async ({ req }) => {
  const p = req.nextUrl.searchParams;
  const input = parseInput(search, {
    q: p.get('q') ?? undefined,
    unmatched: p.get('unmatched') ?? undefined,
    guide: p.get('guide') ?? undefined,
    sourceId: p.get('sourceId') ?? undefined,
  });
  if (input.guide === '1') return ok(await searchSourceChannels(input.sourceId ?? null, input.q ?? ''));
  return ok(await listChannelMappings({ ...parsePage(req.nextUrl), q: input.q || undefined, unmatched: input.unmatched === '1' }));
});
