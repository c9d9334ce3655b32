import { entityId } from '@/lib/http/ids';
import { adminRoute, noContent, ok } from '@/lib/http/route';
import { parseInput, readJson } from '@/lib/http/validate';
import { updateUserSchema } from '@/lib/users/schemas';
import { deleteUser, getUser, updateUser } from '@/lib/users/service';

export const dynamic = 'force-dynamic';

export const GET = adminRoute('viewer', async ({ params }) => ok(await getUser(entityId(params.id, 'user'))));

export const PATCH = adminRoute('admin', async ({ req, params, auditBefore }) => {
  const input = parseInput(updateUserSchema, await readJson(req));
  auditBefore(await getUser(entityId(params.id, 'user')));
  return ok(await updateUser(entityId(params.id, 'user'), input));
});

export const DELETE = adminRoute('admin', async ({ params, auditBefore }) => {
  auditBefore(await getUser(entityId(params.id, 'user')));
  await deleteUser(entityId(params.id, 'user'));
  return noContent();
});
