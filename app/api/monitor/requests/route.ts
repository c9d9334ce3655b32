import { adminRoute, ok } from '@/lib/http/route';
import { parsePage } from '@/lib/http/pagination';
import { parseInput } from '@/lib/http/validate';
import { listRequests } from '@/lib/monitor/request-log';
import { requestFilterSchema, statusRange } from '@/lib/monitor/schemas';

export const dynamic = 'force-dynamic';

// Recent Xtream requests, newest first; paths are stored masked, so no password can come out.
export const GET = adminRoute('viewer', async ({ req }) => {
  const get = (k: string) => req.nextUrl.searchParams.get(k) || undefined;
  const f = parseInput(requestFilterSchema, { line: get('line'), action: get('action'), status: get('status'), ip: get('ip') });
  const filter = { line: f.line, action: f.action, ip: f.ip, status: statusRange(f.status) };
  return ok(await listRequests({ ...parsePage(req.nextUrl), filter }));
});
