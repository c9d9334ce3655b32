import { adminRoute, ok } from '@/lib/http/route';
import { connectionsSnapshot } from '@/lib/slots/connections';

export const dynamic = 'force-dynamic';

export const GET = adminRoute('viewer', async () => ok(await connectionsSnapshot()));
