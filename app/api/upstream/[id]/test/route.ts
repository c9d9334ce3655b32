import { z } from 'zod';
import { entityId } from '@/lib/http/ids';
import { adminRoute, ok } from '@/lib/http/route';
import { parseInput, readJson } from '@/lib/http/validate';
import { testStoredUpstream } from '@/lib/upstream/server-service';

export const dynamic = 'force-dynamic';

// Takes no fields; anything sent is refused like any unknown field.
export const POST = adminRoute('admin', async ({ req, params }) => {
  parseInput(z.strictObject({}), await readJson(req));
  return ok(await testStoredUpstream(entityId(params.id, 'upstream')));
});
