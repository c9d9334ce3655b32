import { adminRoute, created, ok } from '@/lib/http/route';
import { parsePage } from '@/lib/http/pagination';
import { parseInput, readJson } from '@/lib/http/validate';
import { createUserSchema } from '@/lib/users/schemas';
import { createUser, listUsers } from '@/lib/users/service';

export const dynamic = 'force-dynamic';

export const GET = adminRoute('viewer', async ({ req }) => ok(await listUsers(parsePage(req.nextUrl))));

export const POST = adminRoute('admin', async ({ req }) => {
  const input = parseInput(createUserSchema, await readJson(req));
  return created(await createUser(input));
});
