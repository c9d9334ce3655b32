// The panel side of the sync benchmark, run as its own process so its peak RSS is the panel's alone
// (the fake upstream runs in the parent). Input from the environment, one JSON line out on stdout.
import { openPglite, openPostgres, installDatabase as installDatabase, type Database } from '@/db/client';
import { applySchema } from '@/db/migrate';
import { findJob } from '@/db/queries/sync-jobs';
import { findUpstream } from '@/db/queries/upstream-servers';
import { liveRow, movieRow, seriesRow } from '@/lib/sync/rows';
import type { CatalogType } from '@/lib/upstream';
import { clientFor } from '@/lib/upstream/server-service';
import { subscribeEvents } from '@/lib/monitor/events';
import { requestSync, settleSyncs } from '@/lib/sync/request-sync';
import { createUpstream } from '@/lib/upstream/server-service';

export interface SyncRunTiming {
  /** finished_at - started_at of the job row (database clock). */
  jobSeconds: number;
  /** requestSync() until settleSyncs() resolved (includes queueing the job). */
  clientSeconds: number;
  status: string;
  error: string | null;
  counts: Record<string, number>;
  /** maxRSS of this process after the run, KB. */
  maxRssKb: number;
  /** CPU time (user + system) of this process during the run. */
  cpuSeconds: number;
  /** Time spent awaiting database queries during the run (they run one after another). */
  sqlSeconds: number;
  queries: number;
  /** The episode phase (get_series_info of new and changed series), first to last progress event. */
  episodePhaseSeconds: number;
  /** Series fetched by the episode phase. */
  episodeSeries: number;
  /** The statements that took longest in total (first 60 characters). */
  topStatements: { statement: string; seconds: number; n: number }[];
}

/** Where the time of a sync goes, measured after the syncs (so it does not count in the peak RSS). */
export interface Breakdown {
  /** Download + incremental JSON parse + zod validation of the three lists, items dropped. */
  fetchParseSeconds: number;
  /** The same plus the row mapping and content hash (lib/sync/rows.ts), rows dropped. */
  fetchParseRowSeconds: number;
}

export interface WorkerResult {
  driver: 'pg' | 'pglite';
  setupSeconds: number;
  /** maxRSS after opening the database and applying the schema, before any sync, KB. */
  setupMaxRssKb: number;
  first: SyncRunTiming;
  second: SyncRunTiming;
  breakdown: Breakdown;
  /** process.resourceUsage().maxRSS after both syncs, KB. */
  maxRssKb: number;
  rows: Record<string, number>;
}

function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}

const sql = { seconds: 0, queries: 0, byStatement: new Map<string, { seconds: number; n: number }>() };
const statementKey = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 60);

/** Counts the time every query of the process waits for, by wrapping the installed database. */
function instrument(db: Database): Database {
  const query = db.query.bind(db);
  db.query = async <T,>(text: string, params?: unknown[]) => {
    const t0 = performance.now();
    try {
      return await query<T>(text, params);
    } finally {
      const seconds = (performance.now() - t0) / 1000;
      sql.seconds += seconds;
      sql.queries += 1;
      const key = statementKey(text);
      const entry = sql.byStatement.get(key) ?? { seconds: 0, n: 0 };
      entry.seconds += seconds;
      entry.n += 1;
      sql.byStatement.set(key, entry);
    }
  };
  return db;
}

const toRow = { live: liveRow, vod: movieRow, series: seriesRow } as const;

async function breakdown(upstreamId: string): Promise<Breakdown> {
  const row = await findUpstream(upstreamId);
  if (!row) throw new Error('upstream vanished');
  const client = clientFor(row);
  const pass = async (map: boolean) => {
    const t0 = performance.now();
    let sink = 0;
    for (const type of ['live', 'vod', 'series'] as CatalogType[]) {
      await client.streamList(type, (item) => {
        sink += map ? toRow[type](item as never).hash.length : 1;
      });
    }
    if (sink === 0) throw new Error('empty lists');
    return (performance.now() - t0) / 1000;
  };
  return { fetchParseSeconds: await pass(false), fetchParseRowSeconds: await pass(true) };
}

/**
 * settleSyncs() resolves before the finished run's lock release (not awaited in request-sync.ts) has
 * reached the database, and a request meeting a held lock gives up with `conflict` after 2 s of
 * looking for an active job. So a sync requested right after another may lose that race: retry.
 */
async function requestSyncWhenUnlocked(upstreamId: string) {
  await new Promise((r) => setTimeout(r, 50));
  for (let attempt = 1; ; attempt++) {
    try {
      return await requestSync(upstreamId);
    } catch (err) {
      if ((err as { code?: string }).code !== 'conflict' || attempt >= 5) throw err;
    }
  }
}

async function timedSync(upstreamId: string): Promise<SyncRunTiming> {
  sql.seconds = 0;
  sql.queries = 0;
  sql.byStatement.clear();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const phase = { start: 0, end: 0, series: 0 };
  const unsubscribe = subscribeEvents((e) => {
    const m = e.type === 'sync' ? /^episodes (\d+)\/(\d+)$/.exec(e.phase) : null;
    if (!m) return;
    if (!phase.start) phase.start = performance.now();
    phase.end = performance.now();
    phase.series = Number(m[2]);
  });
  let view;
  try {
    view = await requestSyncWhenUnlocked(upstreamId);
    await settleSyncs();
  } finally {
    unsubscribe();
  }
  const clientSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const job = await findJob(view.id);
  if (!job?.started_at || !job.finished_at) throw new Error(`job ${view.id} did not finish`);
  return {
    jobSeconds: (job.finished_at.getTime() - job.started_at.getTime()) / 1000,
    clientSeconds,
    status: job.status,
    counts: job.counts,
    error: job.error,
    maxRssKb: process.resourceUsage().maxRSS,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    sqlSeconds: sql.seconds,
    queries: sql.queries,
    episodePhaseSeconds: (phase.end - phase.start) / 1000,
    episodeSeries: phase.series,
    topStatements: [...sql.byStatement.entries()]
      .sort((a, b) => b[1].seconds - a[1].seconds)
      .slice(0, 5)
      .map(([statement, v]) => ({ statement, seconds: v.seconds, n: v.n })),
  };
}

async function main() {
  const driver = need('BENCH_DRIVER') as 'pg' | 'pglite';
  const t0 = performance.now();
  const db = instrument(driver === 'pg' ? await openPostgres(need('BENCH_DB'), 10) : await openPglite(need('BENCH_DB')));
  await applySchema(db);
  installDatabase(db);
  const upstream = await createUpstream({
    name: 'Bench',
    serverUrl: `${need('BENCH_UPSTREAM_URL')}/player_api.php`,
    username: need('BENCH_UPSTREAM_USER'),
    password: need('BENCH_UPSTREAM_PASS'),
    isActive: true,
    timeoutSeconds: 60,
    priority: 0,
    syncIntervalMinutes: 0,
  });
  const setupSeconds = (performance.now() - t0) / 1000;
  const setupMaxRssKb = process.resourceUsage().maxRSS;
  const first = await timedSync(upstream.id);
  const second = await timedSync(upstream.id);
  const maxRssKb = process.resourceUsage().maxRSS;
  const parts = await breakdown(upstream.id);
  const rows = await db.query<{ stream_type: string; n: number }>(
    `SELECT stream_type, count(*)::int AS n FROM synced_content WHERE removed_at IS NULL GROUP BY 1`,
  );
  installDatabase(undefined);
  await db.close();
  const result: WorkerResult = {
    driver,
    setupSeconds,
    setupMaxRssKb,
    first,
    second,
    breakdown: parts,
    maxRssKb,
    rows: Object.fromEntries(rows.map((r) => [r.stream_type, r.n])),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
