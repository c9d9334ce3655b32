import { entityId } from '@/lib/http/ids';
import { adminRoute, noContent, ok } from '@/lib/http/route';
import { publicBaseUrl } from '@/lib/http/public-url';
import { parseInput, readJson } from '@/lib/http/validate';
import { updateLineSchema } from '@/lib/lines/schemas';
import { deleteLine, getLine, updateLine } from '@/lib/lines/service';

export const dynamic = 'force-dynamic';

// Admins see the password and the ready-made links; viewers see the account without them.
export const GET = adminRoute('viewer', async ({ req, params, user }) =>
  ok(await getLine(entityId(params.id, 'player account'), { withSecret: user.role === 'admin', baseUrl: publicBaseUrl(req.headers) })),
);

export const PATCH = adminRoute('admin', async ({ req, params, auditBefore }) => {
  const input = parseInput(updateLineSchema, await readJson(req));
  auditBefore(await getLine(entityId(params.id, 'player account'), { withSecret: false, baseUrl: publicBaseUrl(req.headers) }));
  return ok(await updateLine(entityId(params.id, 'player account'), input, publicBaseUrl(req.headers)));
});

export const DELETE = adminRoute('admin', async ({ req, params, auditBefore }) => {
  auditBefore(await getLine(entityId(params.id, 'player account'), { withSecret: false, baseUrl: publicBaseUrl(req.headers) }));
  await deleteLine(entityId(params.id, 'player account'));
  return noContent();
});
