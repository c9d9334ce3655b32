import { z } from 'zod';
import type { SyncJobView } from '@/lib/sync/job-view';

// What the page reads from GET /api/sync/jobs/{id}; parsed, since it crosses the network.
export const syncJobSchema = z.object({
  id: z.string(),
  upstreamId: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'partial', 'failed']),
  phase: z.string().nullable(),
  progress: z.object({ done: z.number(), total: z.number() }),
  counts: z.object({
    live: z.number(),
    vod: z.number(),
    series: z.number(),
    categories: z.number(),
    added: z.number(),
    updated: z.number(),
    removed: z.number(),
  }),
  error: z.string().nullable(),
  durationMs: z.number().nullable().optional(),
});
export type SyncJob = z.infer<typeof syncJobSchema>;

/** One row of an upstream's sync history (GET /api/sync/jobs?upstreamId=). */
export const syncHistorySchema = z.object({
  items: z.array(
    syncJobSchema.extend({
      trigger: z.string(),
      createdAt: z.string(),
      startedAt: z.string().nullable(),
      finishedAt: z.string().nullable(),
    }),
  ),
  total: z.number(),
});
export type SyncHistoryJob = z.infer<typeof syncHistorySchema>['items'][number];

export const syncNowAnswerSchema = z.object({
  jobs: z.array(z.object({ id: z.string(), upstreamId: z.string(), status: z.string() })),
});

export const isFinished = (status: SyncJob['status']) => status === 'succeeded' || status === 'partial' || status === 'failed';

/** The newest job of each upstream, when it is still queued or running (jobs come newest first). */
export function activeJobsOf(jobs: SyncJobView[]): SyncJob[] {
  const seen = new Set<string>();
  const active: SyncJob[] = [];
  for (const job of jobs) {
    if (seen.has(job.upstreamId)) continue;
    seen.add(job.upstreamId);
    if (job.status === 'queued' || job.status === 'running') active.push(job);
  }
  return active;
}
