import { addMonitorMinutes, listMonitorMinutes, pruneMonitorMinutes, type MonitorMinuteRow } from '@/db/queries/monitor-minutes';
import { processState } from '@/lib/state';

/** What the viewers did since the last sample: how many watch now, and the bytes sent meanwhile. */
export interface ViewerSample {
  viewers: number;
  bytes: number;
}

export const MINUTES_RETENTION_DAYS = 8;
const MAX_PENDING = 120;

const state = processState('monitorMinutes', () => ({
  pending: new Map<number, MonitorMinuteRow>(),
  sampler: undefined as (() => ViewerSample) | undefined,
}));

function bucket(minute: number): MonitorMinuteRow {
  let row = state.pending.get(minute);
  if (!row) {
    row = { minute: new Date(minute * 60_000), requests: 0, errors: 0, viewers: 0, bytes: 0 };
    state.pending.set(minute, row);
    // Bounded while the database is away: the oldest minutes go first.
    if (state.pending.size > MAX_PENDING) state.pending.delete(Math.min(...state.pending.keys()));
  }
  return row;
}

/** The request log's hot path: one request into its minute (memory only). */
export function countRequestMinute(at: number, error: boolean): void {
  const row = bucket(Math.floor(at / 60_000));
  row.requests++;
  if (error) row.errors++;
}

/** Who is watching is known to the slots, which import the monitor: they register here instead. */
export function setViewerSampler(sampler: () => ViewerSample): void {
  state.sampler = sampler;
}

/** Takes a viewer sample into the current minute, then adds every pending minute to the table. */
export async function flushMinutes(now = Date.now()): Promise<void> {
  const sample = state.sampler?.();
  if (sample && (sample.viewers > 0 || sample.bytes > 0)) {
    const row = bucket(Math.floor(now / 60_000));
    row.viewers = Math.max(row.viewers, sample.viewers);
    row.bytes += sample.bytes;
  }
  if (state.pending.size === 0) return;
  const rows = [...state.pending.values()];
  state.pending.clear();
  try {
    await addMonitorMinutes(rows);
  } catch (err) {
    for (const r of rows) {
      const row = bucket(r.minute.getTime() / 60_000);
      row.requests += r.requests;
      row.errors += r.errors;
      row.viewers = Math.max(row.viewers, r.viewers);
      row.bytes += r.bytes;
    }
    throw err;
  }
}

export const pruneMinutes = () => pruneMonitorMinutes(MINUTES_RETENTION_DAYS);

export interface HistoryPoint {
  at: string;
  requests: number;
  errors: number;
  viewers: number;
  bytes: number;
}

/**
 * `GET /api/monitor/history`: one point per minute of the last `hours`, oldest first, zeros where
 * nothing happened; what is still pending in this process is written first.
 */
export async function monitorHistory(hours: number, now = Date.now()): Promise<{ hours: number; points: HistoryPoint[] }> {
  await flushMinutes(now).catch(() => {});
  const last = Math.floor(now / 60_000);
  const first = last - hours * 60 + 1;
  const stored = new Map((await listMonitorMinutes(new Date(first * 60_000))).map((r) => [Math.floor(r.minute.getTime() / 60_000), r]));
  const points: HistoryPoint[] = [];
  for (let m = first; m <= last; m++) {
    const r = stored.get(m);
    points.push({ at: new Date(m * 60_000).toISOString(), requests: r?.requests ?? 0, errors: r?.errors ?? 0, viewers: r?.viewers ?? 0, bytes: r?.bytes ?? 0 });
  }
  return { hours, points };
}
