import { tryLock } from '@/db/client';
import * as jobs from '@/db/queries/sync-jobs';
import { findUpstream, listActiveUpstreamIds } from '@/db/queries/upstream-servers';
import { AppError, notFound } from '@/lib/http/errors';
import { logger } from '@/lib/monitor/logger';
import { processState } from '@/lib/state';
import { runSync } from './run-sync';
import { toJobView, type SyncJobView } from './job-view';

// Within a process, a second request while a start is under way gets the same promise; across
// replicas the lock (a PostgreSQL advisory lock) decides, and the unique index on active jobs backs it.
const state = processState('syncStarts', () => ({ starting: new Map<string, Promise<SyncJobView>>(), running: new Set<Promise<void>>() }));

export async function requestSync(upstreamId: string, trigger: 'manual' | 'schedule' = 'manual'): Promise<SyncJobView> {
  const pending = state.starting.get(upstreamId);
  if (pending) return pending;
  const start = startSync(upstreamId, trigger).finally(() => state.starting.delete(upstreamId));
  state.starting.set(upstreamId, start);
  return start;
}

/** `POST /api/sync/now`: one upstream, or every active one. */
export async function requestSyncs(upstreamId?: string): Promise<SyncJobView[]> {
  if (upstreamId) {
    if (!(await findUpstream(upstreamId))) throw notFound('upstream');
    return [await requestSync(upstreamId)];
  }
  const ids = await listActiveUpstreamIds();
  return Promise.all(ids.map((id) => requestSync(id)));
}

async function startSync(upstreamId: string, trigger: 'manual' | 'schedule'): Promise<SyncJobView> {
  // Another replica may be running this upstream's sync, or be a moment away from queuing its job or
  // releasing its lock: look again for a couple of seconds before calling it a conflict.
  for (let attempt = 0; attempt < 20; attempt++) {
    const lock = await tryLock(`sync:${upstreamId}`);
    if (lock) return startLocked(upstreamId, trigger, lock);
    const active = await jobs.findActiveJob(upstreamId);
    if (active) return toJobView(active);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new AppError('conflict', 'A sync of this upstream is starting elsewhere; try again in a moment');
}

async function startLocked(upstreamId: string, trigger: 'manual' | 'schedule', lock: { release(): Promise<void> }): Promise<SyncJobView> {
  try {
    // We hold the lock, so an active job here lost its process: close it before starting anew.
    const active = await jobs.findActiveJob(upstreamId);
    if (active) await jobs.failOrphanedJob(active.id);
    const job = await jobs.insertQueuedJob(upstreamId, trigger);
    if (!job) throw new Error('could not queue a sync job');
    const run: Promise<void> = runSync(job.id, upstreamId)
      .catch(async (err) => {
        logger.error({ err, upstreamId }, 'sync crashed');
        await jobs.finishJob(job.id, { status: 'failed', counts: {}, error: 'internal error (see the server log)', done: 0 }).catch(() => {});
      })
      .then(() => lock.release())
      .finally(() => state.running.delete(run));
    state.running.add(run);
    return toJobView(job);
  } catch (err) {
    await lock.release();
    throw err;
  }
}

/** Resolves when every sync this process started has finished (tests, shutdown). */
export async function settleSyncs(): Promise<void> {
  while (state.running.size) await Promise.all([...state.running]);
}
