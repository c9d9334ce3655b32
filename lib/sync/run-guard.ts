import type { Lock } from '@/db/client';
import { isDatabaseUnavailable } from '@/db/client';
import * as jobs from '@/db/queries/sync-jobs';

/** Thrown at a batch boundary once the run must stop; its message is the job's error. */
export class SyncStopped extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SyncStopped';
  }
}

export const LOCK_LOST = 'interrupted: lost the database connection holding the sync lock';
export const SHUTTING_DOWN = 'interrupted: shutting down';
export const CLOSED_ELSEWHERE = 'interrupted: the job was closed elsewhere';

/**
 * What a run checks at every batch boundary: its lock (lost when the lock's connection fails or goes
 * silent, since PostgreSQL may then hand it to another replica) and a stop request (shutdown). The
 * signal also aborts the provider download in progress.
 */
export class SyncGuard {
  private readonly controller = new AbortController();
  readonly signal = this.controller.signal;

  constructor(lock?: Pick<Lock, 'signal'>) {
    if (!lock) return;
    if (lock.signal.aborted) this.stop(LOCK_LOST);
    else lock.signal.addEventListener('abort', () => this.stop(LOCK_LOST), { once: true });
  }

  stop(reason: string): void {
    if (!this.signal.aborted) this.controller.abort(new SyncStopped(reason));
  }

  /** Throws SyncStopped when the run must stop. */
  check(): void {
    if (this.signal.aborted) throw this.signal.reason as SyncStopped;
  }

  get reason(): string | null {
    return this.signal.aborted ? (this.signal.reason as SyncStopped).message : null;
  }
}

const RETRY_MS = 1_000;
/** How long a run keeps trying to write its final status while the database is away. */
export const FINISH_RETRY_MS = 30_000;

/**
 * Writes the job's final status if it is still this run's (queued or running), retrying while the
 * database is unavailable. Answers whether it was written; false when another run or the start-up
 * sweep closed the job first (its status then stands), or the database stayed away (the sweep closes
 * it once nobody holds the lock).
 */
export async function finishJobGuarded(
  jobId: string,
  result: Parameters<typeof jobs.finishJob>[1],
  retryForMs = FINISH_RETRY_MS,
): Promise<boolean> {
  const until = Date.now() + retryForMs;
  for (;;) {
    try {
      return await jobs.finishJob(jobId, result);
    } catch (err) {
      if (!isDatabaseUnavailable(err) || Date.now() + RETRY_MS > until) throw err;
      await new Promise((r) => setTimeout(r, RETRY_MS).unref());
    }
  }
}
