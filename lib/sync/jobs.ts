import * as jobs from '@/db/queries/sync-jobs';
import { notFound } from '@/lib/errors';
import { toJobView } from './job-view';

export async function listSyncJobs({ page = 1, pageSize = 50, upstreamId }: { page?: number; pageSize?: number; upstreamId?: string }) {
  const { rows, total } = await jobs.listJobs(pageSize, (page - 1) * pageSize, upstreamId);
  return { items: rows.map(toJobView), total, page, pageSize };
}

export async function getSyncJob(id: string) {
  const row = await jobs.findJob(id);
  if (!row) throw notFound('sync job');
  return toJobView(row);
}
