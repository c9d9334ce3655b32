import type { SyncJobRow } from '@/db/queries/sync-jobs';

export interface SyncJobView {
  id: string;
  upstreamId: string;
  upstreamName: string | null;
  status: SyncJobRow['status'];
  trigger: SyncJobRow['trigger'];
  phase: string | null;
  progress: { done: number; total: number };
  counts: { live: number; vod: number; series: number; categories: number; added: number; updated: number; removed: number; episodes: number };
  /** The upstream's guide in this run: `unchanged` when it was the one stored last time (kept, not stored again). */
  guide: 'unchanged' | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

export function toJobView(row: SyncJobRow): SyncJobView {
  const c = row.counts ?? {};
  const n = (k: string) => Number(c[k] ?? 0);
  return {
    id: row.id,
    upstreamId: row.upstream_server_id,
    upstreamName: row.upstream_name ?? null,
    status: row.status,
    trigger: row.trigger,
    phase: row.phase,
    progress: { done: row.progress_done, total: row.progress_total },
    counts: { live: n('live'), vod: n('vod'), series: n('series'), categories: n('categories'), added: n('added'), updated: n('updated'), removed: n('removed'), episodes: n('episodes') },
    guide: n('guideUnchanged') === 1 ? 'unchanged' : null,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    durationMs: row.started_at && row.finished_at ? row.finished_at.getTime() - row.started_at.getTime() : null,
  };
}
