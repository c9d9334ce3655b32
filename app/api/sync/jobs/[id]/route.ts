import { entityId } from '@/lib/http/ids';
import { adminRoute, ok } from '@/lib/http/route';
import { getSyncJob } from '@/lib/sync/jobs';

export const dynamic = 'force-dynamic';

export const GET = adminRoute('viewer', async ({ params }) => ok(await getSyncJob(entityId(params.id, 'sync job'))));
