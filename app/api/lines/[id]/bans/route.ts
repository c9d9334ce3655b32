import { adminRoute, created, ok } from '@/lib/http/route';
import { entityId } from '@/lib/http/ids';
import { parseInput, readJson } from '@/lib/http/validate';
import { banLineIp, listLineBans } from '@/lib/lines/ip-bans';
import { lineIpBanSchema } from '@/lib/lines/schemas';

export const dynamic = 'force-dynamic';

export const GET = adminRoute('viewer', async ({ params }) => ok({ items: await listLineBans(entityId(params.id, 'player account')) }));

// 201 with the ban and how many of the account's viewers from that IP were stopped on this replica.
export const POST = adminRoute('admin', async ({ req, params, user }) => {
  const lineId = entityId(params.id, 'player account');
  const input = parseInput(lineIpBanSchema, await readJson(req));
  return created(await banLineIp(lineId, input, user.username));
});
