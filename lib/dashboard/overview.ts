import { anyPlayerServed, guideSummaries } from '@/db/queries/dashboard';
import { entityCounts } from '@/db/queries/stats';
import { listUpstreamRows, type UpstreamWithCounts } from '@/db/queries/upstream-servers';
import { connectionsSnapshot } from '@/lib/slots/connections';

const DAY = 86_400_000;
export const EXPIRY_WARNING_DAYS = 7;
/** A guide that ends within this is stale: players will soon show empty programme slots. */
const GUIDE_STALE_MS = 6 * 3_600_000;

export interface UpstreamHealth {
  id: string;
  name: string;
  isActive: boolean;
  /** From the newest of: the last connection test or stream open, the last sync. */
  health: 'ok' | 'failing' | 'unknown' | 'disabled';
  error: string | null;
  checkedAt: string | null;
  expiresAt: string | null;
  expiresInDays: number | null;
  slots: { used: number; max: number | null };
  lastSyncAt: string | null;
  lastSyncStatus: string | null;
  nextSyncAt: string | null;
  counts: { live: number; movie: number; series: number };
  guide: { programmes: number; until: string | null };
}

export interface DashboardAlert {
  level: 'error' | 'warning';
  text: string;
  href: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function healthOf(u: UpstreamWithCounts): Pick<UpstreamHealth, 'health' | 'error' | 'checkedAt'> {
  if (!u.is_active) return { health: 'disabled', error: null, checkedAt: null };
  const testAt = u.last_test_at?.getTime() ?? 0;
  const syncAt = u.last_sync_at?.getTime() ?? 0;
  if (!testAt && !syncAt) return { health: 'unknown', error: null, checkedAt: null };
  if (testAt >= syncAt) return { health: u.last_test_error ? 'failing' : 'ok', error: u.last_test_error, checkedAt: iso(u.last_test_at) };
  const failed = u.last_sync_status === 'failed';
  return { health: failed ? 'failing' : 'ok', error: failed ? (u.last_error ?? 'sync failed') : null, checkedAt: iso(u.last_sync_at) };
}

/** The dashboard's picture of the providers, the viewers and what needs attention now. */
export async function dashboardOverview(now = Date.now()) {
  const [{ rows }, connections, guides, entities, served] = await Promise.all([
    listUpstreamRows(1000, 0),
    connectionsSnapshot(),
    guideSummaries(),
    entityCounts(),
    anyPlayerServed(),
  ]);
  const slots = new Map(connections.upstreams.map((s) => [s.upstreamId, s]));
  const guideOf = new Map(guides.map((g) => [g.upstream_server_id, g]));
  const upstreams: UpstreamHealth[] = rows.map((u) => {
    const guide = guideOf.get(u.id);
    const next = u.is_active && u.sync_interval_minutes > 0 ? (u.last_sync_at?.getTime() ?? now) + u.sync_interval_minutes * 60_000 : null;
    return {
      id: u.id,
      name: u.name,
      isActive: u.is_active,
      ...healthOf(u),
      expiresAt: iso(u.expires_at),
      expiresInDays: u.expires_at ? Math.floor((u.expires_at.getTime() - now) / DAY) : null,
      slots: { used: slots.get(u.id)?.used ?? 0, max: slots.get(u.id)?.max ?? null },
      lastSyncAt: iso(u.last_sync_at),
      lastSyncStatus: u.last_sync_status,
      nextSyncAt: next === null ? null : new Date(Math.max(next, now)).toISOString(),
      counts: { live: u.live, movie: u.vod, series: u.series },
      guide: { programmes: guide?.programmes ?? 0, until: iso(guide?.until ?? null) },
    };
  });
  const alerts: DashboardAlert[] = [];
  for (const u of upstreams) {
    if (u.health === 'failing') alerts.push({ level: 'error', text: `${u.name} is failing: ${u.error}`, href: '/upstream' });
    if (u.isActive && u.lastSyncStatus === 'failed' && u.health !== 'failing') alerts.push({ level: 'error', text: `The last sync of ${u.name} failed`, href: '/upstream' });
    if (u.isActive && u.expiresInDays !== null && u.expiresInDays < 0) alerts.push({ level: 'error', text: `${u.name} has expired`, href: '/upstream' });
    else if (u.isActive && u.expiresInDays !== null && u.expiresInDays < EXPIRY_WARNING_DAYS) alerts.push({ level: 'warning', text: `${u.name} expires in ${u.expiresInDays} day${u.expiresInDays === 1 ? '' : 's'}`, href: '/upstream' });
    if (u.isActive && u.guide.programmes > 0 && u.guide.until && Date.parse(u.guide.until) - now < GUIDE_STALE_MS) alerts.push({ level: 'warning', text: `The guide of ${u.name} runs out soon: sync it again`, href: '/upstream' });
  }
  const steps = {
    upstream: entities.upstreams > 0,
    synced: rows.some((u) => u.last_success_at !== null),
    line: entities.lines > 0,
    player: served,
  };
  return { upstreams, alerts, viewers: connections.viewers, steps };
}

export type DashboardOverview = Awaited<ReturnType<typeof dashboardOverview>>;
