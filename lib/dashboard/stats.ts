import { entityCounts, itemCounts } from '@/db/queries/stats';
import { listViewers, upstreamSlotsInUse } from '@/lib/slots/slots';
import { requestRates } from '@/lib/monitor/request-log';

export interface PanelStats {
  items: { live: number; movie: number; series: number; bySource: { upstream: Record<string, number>; local: Record<string, number> } };
  upstreams: { total: number; active: number; failing: number };
  lines: { total: number; active: number };
  connections: { viewers: number; upstreamSlots: number; bytes: number };
  /** Xtream requests answered by this process; errors are answers with status 400 and up. */
  requests: { perMinute: number; errors: number; lastHour: number; errorsLastHour: number };
}

/** `GET /api/monitor/stats` and the dashboard: what the panel serves and who is watching. */
export async function panelStats(): Promise<PanelStats> {
  const [counts, entities] = await Promise.all([itemCounts(), entityCounts()]);
  const bySource = { upstream: { live: 0, movie: 0, series: 0 }, local: { live: 0, movie: 0, series: 0 } } as PanelStats['items']['bySource'];
  for (const c of counts) bySource[c.source][c.type] = c.n;
  const total = (t: string) => (bySource.upstream[t] ?? 0) + (bySource.local[t] ?? 0);
  const viewers = listViewers();
  const rates = requestRates();
  return {
    items: { live: total('live'), movie: total('movie'), series: total('series'), bySource },
    upstreams: { total: entities.upstreams, active: entities.upstreams_active, failing: entities.upstreams_failing },
    lines: { total: entities.lines, active: entities.lines_active },
    connections: {
      viewers: viewers.length,
      upstreamSlots: [...upstreamSlotsInUse().values()].reduce((a, b) => a + b, 0),
      bytes: viewers.reduce((a, v) => a + v.bytes, 0),
    },
    requests: { perMinute: rates.perMinute, errors: rates.errorsLastMinute, lastHour: rates.lastHour, errorsLastHour: rates.errorsLastHour },
  };
}
