import { query } from '../client';

export type SyncJobStatus = 'queued' | 'running' | 'succeeded' | 'partial' | 'failed';

export interface SyncJobRow {
  id: string;
  upstream_server_id: string;
  status: SyncJobStatus;
  trigger: 'manual' | 'schedule';
  phase: string | null;
  progress_done: number;
  progress_total: number;
  counts: Record<string, number>;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  upstream_name?: string | null;
}

const SELECT = `SELECT j.*, u.name AS upstream_name FROM sync_jobs j LEFT JOIN upstream_servers u ON u.id = j.upstream_server_id`;

export async function findActiveJob(upstreamId: string): Promise<SyncJobRow | undefined> {
  const [row] = await query<SyncJobRow>(`${SELECT} WHERE j.upstream_server_id = $1 AND j.status IN ('queued', 'running')`, [upstreamId]);
  return row;
}

/** Creates the queued job, or answers undefined when one is already active (the unique index decides). */
export async function insertQueuedJob(upstreamId: string, trigger: 'manual' | 'schedule'): Promise<SyncJobRow | undefined> {
  const [row] = await query<{ id: string }>(
    `INSERT INTO sync_jobs (upstream_server_id, trigger) VALUES ($1, $2)
     ON CONFLICT (upstream_server_id) WHERE status IN ('queued', 'running') DO NOTHING RETURNING id`,
    [upstreamId, trigger],
  );
  return row ? findJob(row.id) : undefined;
}

export async function findJob(id: string): Promise<SyncJobRow | undefined> {
  const [row] = await query<SyncJobRow>(`${SELECT} WHERE j.id = $1`, [id]);
  return row;
}

export async function listJobs(limit: number, offset: number, upstreamId?: string): Promise<{ rows: SyncJobRow[]; total: number }> {
  const where = upstreamId ? 'WHERE j.upstream_server_id = $3' : '';
  const params = upstreamId ? [limit, offset, upstreamId] : [limit, offset];
  const rows = await query<SyncJobRow>(`${SELECT} ${where} ORDER BY j.created_at DESC LIMIT $1 OFFSET $2`, params);
  const [{ n }] = await query<{ n: number }>(
    `SELECT count(*)::int AS n FROM sync_jobs j ${upstreamId ? 'WHERE j.upstream_server_id = $1' : ''}`,
    upstreamId ? [upstreamId] : [],
  );
  return { rows, total: n };
}

/** Queued → running; false when the job is no longer queued (closed by the sweep or another run). */
export async function markJobRunning(id: string, progressTotal: number): Promise<boolean> {
  const rows = await query(
    `UPDATE sync_jobs SET status = 'running', started_at = now(), phase = 'login', progress_total = $2 WHERE id = $1 AND status = 'queued' RETURNING id`,
    [id, progressTotal],
  );
  return rows.length === 1;
}

/** False when the job is no longer running: its run must stop. */
export async function updateJobProgress(id: string, p: { phase: string; done: number; total: number; counts: Record<string, number> }): Promise<boolean> {
  const rows = await query(
    `UPDATE sync_jobs SET phase = $2, progress_done = $3, progress_total = $4, counts = $5::jsonb WHERE id = $1 AND status = 'running' RETURNING id`,
    [id, p.phase, p.done, p.total, JSON.stringify(p.counts)],
  );
  return rows.length === 1;
}

/**
 * The final status, written only while the job is still active: a run that lost its lock, or was
 * closed as interrupted, can never turn a closed job into another outcome. Answers whether it wrote.
 */
export async function finishJob(id: string, r: { status: SyncJobStatus; counts: Record<string, number>; error: string | null; done: number }): Promise<boolean> {
  const rows = await query(
    `UPDATE sync_jobs SET status = $2, counts = $3::jsonb, error = $4, phase = 'done', progress_done = $5,
       progress_total = GREATEST(progress_total, $5), finished_at = now()
     WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
    [id, r.status, JSON.stringify(r.counts), r.error, r.done],
  );
  return rows.length === 1;
}

/** Closes a job left queued or running by a run that is gone (nobody holds its lock). */
export async function failOrphanedJob(id: string, error = 'interrupted: the process running it stopped'): Promise<boolean> {
  const rows = await query(
    `UPDATE sync_jobs SET status = 'failed', error = $2, phase = 'done', finished_at = now()
      WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
    [id, error],
  );
  return rows.length === 1;
}

/** Every queued or running job, oldest first (the start-up and scheduler sweep). */
export async function listActiveJobs(): Promise<{ id: string; upstream_server_id: string }[]> {
  return query(`SELECT id, upstream_server_id FROM sync_jobs WHERE status IN ('queued', 'running') ORDER BY created_at`);
}
