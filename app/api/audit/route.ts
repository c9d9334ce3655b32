import { adminRoute, ok } from '@/lib/http/route';
import { listAudit, parseAuditFilter } from '@/lib/audit/list';

export const dynamic = 'force-dynamic';

export const GET = adminRoute('viewer', async ({ req }) => ok(await listAudit(parseAuditFilter(req.nextUrl))));
