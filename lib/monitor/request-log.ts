import { bulkWork } from '@/db/client';
import { insertApiRequests, listApiRequests, pruneApiRequests, type ApiRequestFilter } from '@/db/queries/api-requests';
import { onShutdown } from '@/lib/shutdown';
import { processState } from '@/lib/state';
import { registerBound } from './bounds';
import { publishEvent } from './events';
import { logger } from './logger';
import { countRequestMinute, flushMinutes, pruneMinutes } from './minutes';
import type { ApiRequestRecord } from './request-record';

/** One Xtream request the panel answered; `path` is already masked, no password is ever kept. */
export type { ApiRequestRecord } from './request-record';

const MAX_QUEUED = 20_000;
const BATCH = 1_000;
const FLUSH_MS = 1_000;
const PRUNE_EVERY_MS = 5 * 60_000;
export const RETENTION = { days: 7, rows: 500_000 };

const state = processState('requestLog', () => ({
  queue: [] as ApiRequestRecord[],
  dropped: 0,
  timer: undefined as NodeJS.Timeout | undefined,
  flushing: undefined as Promise<void> | undefined,
  lastPrune: 0,
  lastWarn: 0,
  // Per-second buckets for the last minute and per-minute buckets for the last hour: O(1) per request.
  seconds: { at: new Array<number>(60).fill(0), total: new Array<number>(60).fill(0), errors: new Array<number>(60).fill(0) },
  minutes: { at: new Array<number>(60).fill(0), total: new Array<number>(60).fill(0), errors: new Array<number>(60).fill(0) },
}));

registerBound('request_log_queue', { unit: 'entries', limit: MAX_QUEUED, used: () => state.queue.length });

type Buckets = typeof state.seconds;

function count(b: Buckets, slot: number, error: boolean) {
  const i = slot % 60;
  if (b.at[i] !== slot) {
    b.at[i] = slot;
    b.total[i] = 0;
    b.errors[i] = 0;
  }
  b.total[i]++;
  if (error) b.errors[i]++;
}

function sum(b: Buckets, now: number): { total: number; errors: number } {
  let total = 0;
  let errors = 0;
  for (let i = 0; i < 60; i++) {
    if (now - b.at[i] >= 60) continue;
    total += b.total[i];
    errors += b.errors[i];
  }
  return { total, errors };
}

/**
 * The hot path: memory only. Into the event bus (SSE), the rate counters and the write queue; the
 * database sees it in the next batch. Over MAX_QUEUED the oldest are dropped.
 */
export function recordRequest(record: ApiRequestRecord): void {
  const now = Date.now();
  const error = record.status >= 400;
  count(state.seconds, Math.floor(now / 1000), error);
  count(state.minutes, Math.floor(now / 60_000), error);
  countRequestMinute(now, error);
  state.queue.push(record);
  if (state.queue.length > MAX_QUEUED) state.dropped += state.queue.splice(0, state.queue.length - MAX_QUEUED).length;
  startRequestLog();
  publishEvent({ type: 'request', ...record });
}

/** Starts the flush timer (once per process): the first request does, and so does start-up, so viewer minutes are sampled too. */
export function startRequestLog(): void {
  if (state.timer) return;
  state.timer = setInterval(() => void flushRequestLog().catch(() => {}), FLUSH_MS);
  state.timer.unref();
  // On SIGTERM, after the streams have ended: their entries reach the database before the exit.
  onShutdown('request-log', () => flushRequestLog(), 'last');
}

/** Requests in the last minute and hour, and how many of them failed (status 400 and up); this process only. */
export function requestRates(): { perMinute: number; errorsLastMinute: number; lastHour: number; errorsLastHour: number; dropped: number } {
  const now = Date.now();
  const minute = sum(state.seconds, Math.floor(now / 1000));
  const hour = sum(state.minutes, Math.floor(now / 60_000));
  return { perMinute: minute.total, errorsLastMinute: minute.errors, lastHour: hour.total, errorsLastHour: hour.errors, dropped: state.dropped };
}

async function writeQueued(): Promise<void> {
  while (state.queue.length > 0) {
    const batch = state.queue.splice(0, BATCH);
    try {
      await insertApiRequests(batch.map((r) => ({ ...r, at: new Date(r.at) })));
    } catch (err) {
      // Keep the batch for the next tick (still bounded by MAX_QUEUED); warn at most once a minute.
      state.queue.unshift(...batch);
      if (state.queue.length > MAX_QUEUED) state.dropped += state.queue.splice(0, state.queue.length - MAX_QUEUED).length;
      if (Date.now() - state.lastWarn > 60_000) {
        state.lastWarn = Date.now();
        logger.warn({ err, queued: state.queue.length }, 'request log: writing to the database failed');
      }
      throw err;
    }
  }
  await flushMinutes();
  if (Date.now() - state.lastPrune > PRUNE_EVERY_MS) {
    state.lastPrune = Date.now();
    // Deleting up to the retention's worth of rows is long work, not a request's few seconds.
    await bulkWork(async () => {
      await pruneApiRequests(RETENTION.days, RETENTION.rows);
      await pruneMinutes();
    });
  }
}

/** Writes everything queued so far in multi-row INSERTs; one flush at a time, later callers wait for it. */
export async function flushRequestLog(): Promise<void> {
  while (state.flushing) await state.flushing;
  const run = writeQueued().finally(() => {
    state.flushing = undefined;
  });
  state.flushing = run;
  await run;
}

export interface RequestListQuery {
  page: number;
  pageSize: number;
  filter: ApiRequestFilter;
}

/** `GET /api/monitor/requests`: flushes first, so the database holds every request answered so far. */
export async function listRequests({ page, pageSize, filter }: RequestListQuery) {
  await flushRequestLog();
  const { rows, total } = await listApiRequests(filter, pageSize, (page - 1) * pageSize);
  const items: ApiRequestRecord[] = rows.map((r) => ({
    at: r.at.toISOString(),
    line: r.line,
    action: r.action ?? '',
    path: r.path,
    status: r.status,
    durationMs: r.duration_ms,
    ip: r.ip ?? '',
    userAgent: r.user_agent,
    reason: r.reason,
    upstreams: r.upstreams ?? null,
  }));
  return { items, total, page, pageSize };
}
