import { bulkWork, isDatabaseUnavailable, tryLock, type Lock } from '@/db/client';
import * as jobs from '@/db/queries/sync-jobs';
import { findUpstream, listActiveUpstreamIds } from '@/db/queries/upstream-servers';
import { AppError, notFound } from '@/lib/errors';
import { logger } from '@/lib/monitor/logger';
import { processState } from '@/lib/state';
import { onShutdown, shuttingDown } from '@/lib/shutdown';
import { runSync } from './run-sync';
import { toJobView, type SyncJobView } from './job-view';
import { finishJobGuarded, SHUTTING_DOWN, SyncGuard } from './run-guard';

// Within a process, a second request while a start is under way gets the same promise; across
// replicas the lock (a PostgreSQL advisory lock) decides, and the unique index on active jobs backs it.
// `running` holds this process's runs by upstream, so a run that lost its lock and is still winding
// down blocks a new one here: one run per upstream at a time, even then.
const state = processState('syncStarts', () => ({ starting: new Map<string, Promise<SyncJobView>>(), running: new Map<string, Promise<void>>() }));
const WINDING_DOWN_WAIT_MS = 5_000;

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
  if (shuttingDown()) throw new AppError('conflict', 'The panel is shutting down');
  // Another replica may be running this upstream's sync, or be a moment away from queuing its job or
  // releasing its lock: look again for a couple of seconds before calling it a conflict.
  for (let attempt = 0; attempt < 20; attempt++) {
    const ours = state.running.get(upstreamId);
    if (ours) {
      const active = await jobs.findActiveJob(upstreamId);
      if (active) return toJobView(active);
      // Our previous run has closed its job but not yet let go: wait for it (it stops at a batch boundary).
      await Promise.race([ours, new Promise((r) => setTimeout(r, WINDING_DOWN_WAIT_MS).unref())]);
      if (state.running.has(upstreamId)) break;
    }
    const lock = await tryLock(`sync:${upstreamId}`);
    if (lock) return startLocked(upstreamId, trigger, lock);
    const active = await jobs.findActiveJob(upstreamId);
    if (active) return toJobView(active);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new AppError('conflict', 'A sync of this upstream is starting elsewhere; try again in a moment');
}

async function startLocked(upstreamId: string, trigger: 'manual' | 'schedule', lock: Lock): Promise<SyncJobView> {
  try {
    // We hold the lock, so an active job here lost its process: close it before starting anew.
    const active = await jobs.findActiveJob(upstreamId);
    if (active) await jobs.failOrphanedJob(active.id);
    const job = await jobs.insertQueuedJob(upstreamId, trigger);
    if (!job) throw new Error('could not queue a sync job');
    const guard = new SyncGuard(lock);
    let unregister = () => {};
    // The run's statements may take long (batches of 1000 rows, whole-type updates): the bulk budget.
    const run: Promise<void> = bulkWork(() => runSync(job.id, upstreamId, guard))
      .catch(async (err) => {
        const unavailable = isDatabaseUnavailable(err);
        if (!unavailable) logger.error({ err, upstreamId }, 'sync crashed');
        else logger.warn({ upstreamId, jobId: job.id }, 'sync stopped: the database became unavailable');
        const error = unavailable ? 'interrupted: the database became unavailable' : 'internal error (see the server log)';
        await finishJobGuarded(job.id, { status: 'failed', counts: {}, error, done: 0 }).catch(() => {});
      })
      .then(() => lock.release())
      .finally(() => {
        unregister();
        state.running.delete(upstreamId);
      });
    // On SIGTERM the run stops at its next batch and closes its job before the process exits.
    unregister = onShutdown(`sync:${upstreamId}`, async () => {
      guard.stop(SHUTTING_DOWN);
      await run;
    });
    state.running.set(upstreamId, run);
    return toJobView(job);
  } catch (err) {
    await lock.release();
    throw err;
  }
}

/**
 * Closes jobs left queued or running by a run that is gone: a process killed mid-sync leaves its job
 * active, and nobody holds its lock any more. Runs at start-up and on every scheduler tick; a job
 * whose lock is held (a run here or on another replica) is left alone. Answers the closed job ids.
 */
export async function closeOrphanedSyncJobs(): Promise<string[]> {
  const closed: string[] = [];
  for (const job of await jobs.listActiveJobs()) {
    if (state.running.has(job.upstream_server_id) || state.starting.has(job.upstream_server_id)) continue;
    const lock = await tryLock(`sync:${job.upstream_server_id}`);
    if (!lock) continue;
    try {
      if (await jobs.failOrphanedJob(job.id)) closed.push(job.id);
    } finally {
      await lock.release();
    }
  }
  if (closed.length) logger.warn({ jobs: closed }, 'closed sync jobs left running by a stopped process');
  return closed;
}

/** Resolves when every sync this process started has finished (tests, shutdown). */
export async function settleSyncs(): Promise<void> {
  while (state.running.size) await Promise.all([...state.running.values()]);
}
