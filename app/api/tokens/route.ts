import { createTokenSchema, createToken, listTokens } from '@/lib/api-tokens/service';
import { adminRoute, created, ok } from '@/lib/http/route';
import { parseInput, readJson } from '@/lib/http/validate';

export const dynamic = 'force-dynamic';

// Tokens are credentials: only admins list or make them.
export const GET = adminRoute('admin', async () => ok({ items: await listTokens() }));

// 201 with the token itself, shown this once (only its hash is kept).
export const POST = adminRoute('admin', async ({ req, user }) => {
  const input = parseInput(createTokenSchema, await readJson(req));
  return created(await createToken(input, user.id));
});
