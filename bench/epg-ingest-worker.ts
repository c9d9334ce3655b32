// The panel side of the guide-ingest benchmark, its own process so its RSS is the panel's alone (the
// guide is served by the parent). Adds a URL guide source, refreshes it twice (first load, then a
// replacement of the same size), samples RSS every 50 ms. One JSON line out on stdout.
import fs from 'node:fs';
import { installDatabase, openPostgres, query } from '@/db/client';
import { applySchema } from '@/db/migrate';
import { findSource } from '@/db/queries/epg-sources';
import { createSource, refreshSource, settleGuideWork } from '@/lib/epg/sources';

export interface EpgIngestResult {
  setupRssMb: number;
  runs: {
    seconds: number;
    /** Download, parse and spool, until the swap transaction starts. */
    parseSeconds: number;
    /** CPU time (user + system) of this process during the run. */
    cpuSeconds: number;
    /** CPU time of the database's backends during the run (null when PostgreSQL is not on this machine). */
    dbCpuSeconds: number | null;
    peakRssMb: number;
    programmes: number;
    channels: number;
    error: string | null;
  }[];
}

function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}

const rssMb = () => process.memoryUsage().rss / 1024 / 1024;
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds used so far by each PostgreSQL backend of this database (same machine: /proc/{pid}/stat). */
async function backendCpu(): Promise<Map<number, number>> {
  const rows = await query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND); // utime, stime
    } catch {
      // not on this machine, or gone
    }
  }
  return out;
}

async function main() {
  const db = await openPostgres(need('BENCH_DB'), 4);
  await applySchema(db);
  installDatabase(db);
  // disabled at creation, so the measured refreshes are the only ones
  const source = await createSource({ name: 'bench', url: need('BENCH_GUIDE_URL'), priority: 1, enabled: false, refreshHours: 24 });
  await settleGuideWork();
  global.gc?.();
  const setupRssMb = rssMb();
  const runs: EpgIngestResult['runs'] = [];
  for (let i = 0; i < 2; i += 1) {
    // Both runs store the guide: the second is a re-ingest over a stored guide, not the unchanged-guide
    // shortcut (lib/epg/ingest.ts), which would keep the first run's programmes.
    await db.query('UPDATE epg_sources SET guide_fingerprint = NULL, guide_stored_at = NULL WHERE id = $1', [source.id]);
    let peak = rssMb();
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 50);
    const db0 = await backendCpu();
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let storeAt = 0;
    const outcome = await refreshSource(source.id, async (phase) => {
      if (phase === 'store' && !storeAt) storeAt = performance.now();
    });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const db1 = await backendCpu();
    const dbCpuSeconds = db1.size ? [...db1].reduce((sum, [pid, t]) => sum + t - (db0.get(pid) ?? 0), 0) : null;
    clearInterval(sampler);
    peak = Math.max(peak, rssMb());
    const row = await findSource(source.id);
    runs.push({ seconds, parseSeconds: storeAt ? (storeAt - t0) / 1000 : seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, dbCpuSeconds, peakRssMb: peak, programmes: row?.programme_count ?? 0, channels: row?.channel_count ?? 0, error: outcome.error ?? null });
  }
  installDatabase(undefined);
  await db.close();
  process.stdout.write(`${JSON.stringify({ setupRssMb, runs } satisfies EpgIngestResult)}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
