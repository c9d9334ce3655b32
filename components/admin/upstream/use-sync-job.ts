'use client';

import { useEffect, useRef, useState } from 'react';
import { ApiError, callApi } from '../api-client';
import { isFinished, syncJobSchema, type SyncJob } from './sync-job';

const POLL_MS = 1000;

/**
 * Polls GET /api/sync/jobs/{id} every second until the job has finished, then calls `onFinished`
 * once. Network hiccups are retried; a missing job or a lost session stops with a message.
 */
export function useSyncJob(jobId: string, initial: SyncJob | null, onFinished: (job: SyncJob) => void) {
  const [job, setJob] = useState<SyncJob | null>(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const finished = useRef(onFinished);
  useEffect(() => {
    finished.current = onFinished;
  });

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function poll() {
      try {
        const parsed = syncJobSchema.safeParse(await callApi(`/api/sync/jobs/${encodeURIComponent(jobId)}`));
        if (stopped) return;
        if (parsed.success) {
          setJob(parsed.data);
          if (isFinished(parsed.data.status)) {
            finished.current(parsed.data);
            return;
          }
        }
      } catch (err) {
        if (stopped) return;
        if (err instanceof ApiError && [401, 403, 404].includes(err.status)) {
          setProblem(err.status === 404 ? 'This sync job no longer exists.' : 'Your session has ended. Sign in again.');
          return;
        }
        // Offline for a moment or a server hiccup: the next round tries again.
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    }
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [jobId]);

  return { job, problem };
}
