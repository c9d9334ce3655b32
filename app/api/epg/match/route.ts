import { adminRoute, ok } from '@/lib/http/route';
import { parseInput, readJson } from '@/lib/http/validate';
import { autoMatch } from '@/lib/epg/auto-match';
import { matchNowSchema } from '@/lib/epg/schemas';

export const dynamic = 'force-dynamic';

// Runs auto-match now → {matched, unmatched}; pins, dummies and offsets stay. The body is empty ({}).
export const POST = adminRoute('admin', async ({ req }) => {
  parseInput(matchNowSchema, await readJson(req));
  return ok(await autoMatch());
});
