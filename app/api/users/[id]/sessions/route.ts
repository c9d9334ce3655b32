import { entityId } from '@/lib/http/ids';
import { adminRoute, ok } from '@/lib/http/route';
import { endSessionsOf } from '@/lib/users/service';

export const dynamic = 'force-dynamic';

// Ends every session of the user (their cookies answer 401 from now on) → 200 {revoked}.
export const DELETE = adminRoute('admin', async ({ params }) => ok(await endSessionsOf(entityId(params.id, 'user'))));
