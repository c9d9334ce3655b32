import { adminRoute, noContent } from '@/lib/http/route';
import { entityId } from '@/lib/http/ids';
import { findLineBan, unbanLineIp } from '@/lib/lines/ip-bans';

export const dynamic = 'force-dynamic';

export const DELETE = adminRoute('admin', async ({ params, auditBefore }) => {
  const lineId = entityId(params.id, 'player account');
  const banId = entityId(params.banId, 'IP ban');
  auditBefore(await findLineBan(lineId, banId));
  await unbanLineIp(lineId, banId);
  return noContent();
});
