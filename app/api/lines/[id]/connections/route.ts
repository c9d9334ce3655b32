import { adminRoute, ok } from '@/lib/http/route';
import { entityId } from '@/lib/http/ids';
import { stopAccountViewers } from '@/lib/lines/stop-viewers';

export const dynamic = 'force-dynamic';

// Stops every viewer of the account, on every replica; `stopped` counts this replica's.
export const DELETE = adminRoute('admin', async ({ params }) => ok(await stopAccountViewers(entityId(params.id, 'player account'))));
