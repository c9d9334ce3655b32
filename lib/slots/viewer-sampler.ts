import { setViewerSampler, type ViewerSample } from '@/lib/monitor/minutes';
import { listViewers } from './slots';

/**
 * Feeds the monitor's per-minute aggregates: the viewers watching now and the bytes they were sent
 * since the previous sample (a viewer that ended between two samples loses at most one tick's bytes).
 */
export function registerViewerSampler(): void {
  const seen = new Map<number, number>();
  setViewerSampler((): ViewerSample => {
    const viewers = listViewers();
    let bytes = 0;
    const now = new Set<number>();
    for (const v of viewers) {
      now.add(v.id);
      bytes += Math.max(0, v.bytes - (seen.get(v.id) ?? 0));
      seen.set(v.id, v.bytes);
    }
    for (const id of seen.keys()) if (!now.has(id)) seen.delete(id);
    return { viewers: viewers.length, bytes };
  });
}
