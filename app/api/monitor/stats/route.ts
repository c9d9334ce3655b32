import { adminRoute, ok } from '@/lib/http/route';
import { panelStats } from '@/lib/dashboard/stats';

export const dynamic = 'force-dynamic';

export const GET = adminRoute('viewer', async () => ok(await panelStats()));
