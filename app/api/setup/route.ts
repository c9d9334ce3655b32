import { created, openRoute } from '@/lib/http/route';
import { parseInput, readJson } from '@/lib/http/validate';
import { createFirstAdmin } from '@/lib/setup/first-run';
import { setupSchema } from '@/lib/users/schemas';

export const dynamic = 'force-dynamic';

// Open without a session, but only until the first user exists (then 409).
export const POST = openRoute(async (req) => {
  const input = parseInput(setupSchema, await readJson(req));
  return created(await createFirstAdmin(input));
});
