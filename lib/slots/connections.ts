import { findLineUsernames } from '@/db/queries/lines';
import { listUpstreamRows } from '@/db/queries/upstream-servers';
import { sharedLeases } from '@/lib/shared-state/current';
import { replicaId } from '@/lib/shared-state/replica-id';
import { listViewers, upstreamSlotsInUse } from './slots';
import { viewerRef } from './stop-viewer';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `GET /api/monitor/connections`: who watches what on this replica, and each upstream account's
 * slots. With Redis, `used` counts every replica and `accounts` gives each player account's viewers
 * across replicas (`null` without Redis or while it is away).
 */
export async function connectionsSnapshot() {
  const replica = replicaId();
  const viewers = listViewers().map((v) => ({
    id: viewerRef(v.id, replica),
    lineId: v.lineId,
    line: v.line,
    publicId: v.publicId,
    name: v.name,
    upstreamId: v.upstreamId,
    startedAt: new Date(v.startedAt).toISOString(),
    bytes: v.bytes,
    clientIp: v.clientIp,
    mode: v.mode,
    format: v.format ?? 'ts',
    replica,
  }));
  const leases = sharedLeases();
  const [{ rows }, upstreamTotals, viewerTotals] = await Promise.all([
    listUpstreamRows(1000, 0),
    leases?.totals('upstream'),
    leases?.totals('viewer'),
  ]);
  const used = upstreamSlotsInUse();
  const upstreams = rows.map((u) => ({
    upstreamId: u.id,
    name: u.name,
    used: Math.max(used.get(u.id) ?? 0, upstreamTotals?.get(u.id) ?? 0),
    max: u.max_connections ?? u.provider_max_connections ?? null,
  }));
  return { replica, viewers, upstreams, accounts: viewerTotals ? await accountTotals(viewerTotals) : null };
}

async function accountTotals(totals: Map<string, number>) {
  const ids = [...totals.keys()].filter((id) => UUID.test(id));
  const names = new Map((await findLineUsernames(ids)).map((r) => [r.id, r.username]));
  return ids.map((lineId) => ({ lineId, line: names.get(lineId) ?? null, viewers: totals.get(lineId)! }));
}
