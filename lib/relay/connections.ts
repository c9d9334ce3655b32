import { listUpstreamRows } from '@/db/queries/upstream-servers';
import { listViewers, upstreamSlotsInUse } from './slots';

/** `GET /api/monitor/connections`: who watches what, and each upstream account's slots. */
export async function connectionsSnapshot() {
  const viewers = listViewers().map((v) => ({
    line: v.line,
    publicId: v.publicId,
    name: v.name,
    upstreamId: v.upstreamId,
    startedAt: new Date(v.startedAt).toISOString(),
    bytes: v.bytes,
    clientIp: v.clientIp,
    mode: v.mode,
  }));
  const used = upstreamSlotsInUse();
  const { rows } = await listUpstreamRows(1000, 0);
  const upstreams = rows.map((u) => ({
    upstreamId: u.id,
    name: u.name,
    used: used.get(u.id) ?? 0,
    max: u.max_connections ?? u.provider_max_connections ?? null,
  }));
  return { viewers, upstreams };
}
