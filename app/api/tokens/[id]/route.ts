import { revokeToken } from '@/lib/api-tokens/service';
import { entityId } from '@/lib/http/ids';
import { adminRoute, ok } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

// Revokes (the row stays, with its last use, for the record); the token answers 401 from now on.
export const DELETE = adminRoute('admin', async ({ params }) => ok(await revokeToken(entityId(params.id, 'token'))));
