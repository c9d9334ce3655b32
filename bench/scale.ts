// Issue 16: the peers' breaking size. The production panel (`dist/server.js`) syncs 50,000 live +
// 110,000 movies + 55,000 series with a 7-day guide for 5,000 channels from the fake provider, on
// PostgreSQL and on the embedded PGlite, then serves every list, a series info, a short EPG and a few
// streams; search, two providers at once. BENCH_SCALE_FACTOR shrinks every size (0.05 for a quick run).
import fs from 'node:fs';
import os from 'node:os';
import { openPostgres } from '@/db/client';
import { startFakeUpstream, type FakeUpstream } from '@/tests/fake-upstream/server';
import { adminSession, baseDatabaseUrl, buildInfo, cpuSeconds, postgresVersion, random, rssMb, startBenchPanel, type BenchPanel } from './panel';
import { machineLines, table, type Section } from './report';
import { runWrk, WRK, type WrkResult } from './wrk';

type Driver = 'pg' | 'pglite';
type Api = Awaited<ReturnType<typeof adminSession>>;

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(v) && v > 0 ? v : fallback;
};
const FACTOR = num('BENCH_SCALE_FACTOR', 1);
const n = (full: number) => Math.max(10, Math.round(full * FACTOR));
const SIZES = { live: n(50_000), vod: n(110_000), series: n(55_000), categoriesPerType: 100, episodesPerSeries: 6 };
const ITEMS = SIZES.live + SIZES.vod + SIZES.series;
// One-hour programmes: 168 a channel (a provider's real guide has more, shorter ones; the ingest
// bench, `npm run bench -- epg`, covers a 200 MB guide).
const GUIDE = { channels: n(5_000), hours: 168, programmeMinutes: 60 };
const DUAL = { live: n(15_000), vod: n(35_000), series: n(15_000), categoriesPerType: 50, episodesPerSeries: 6 };
const DUAL_ITEMS = DUAL.live + DUAL.vod + DUAL.series;
// Every EQUIPE_EVERY-th item of each type is named after "L'Équipe", written as providers do.
const EQUIPE_EVERY = Math.max(2, Math.round(1000 * FACTOR));
const EQUIPE_NAMES = { live: (i: number) => `FR: L'Équipe ${i} HD`, vod: (i: number) => `L’Équipe du dimanche (${1990 + (i % 30)}) ${i}`, series: (i: number) => `L'ÉQUIPE — Les Légendes ${i}` };
const SEARCH_QUERIES = 200;
const BUDGET = {
  pg: { syncS: 40, rssMb: 450, resyncS: 15, vodP99Ms: 200, dualS: 25, searchP95Ms: 50 },
  pglite: { startRssMb: 300, listsRssMb: 700, searchP95Ms: 150 },
};
const LISTS = ['get_live_categories', 'get_vod_categories', 'get_series_categories', 'get_live_streams', 'get_vod_streams', 'get_series'] as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};
const mb = (x: number) => x.toFixed(0);
const s2 = (x: number) => x.toFixed(2);
const load = () => os.loadavg()[0];

function hwmMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** The steps of a sync whose panel peaks are told apart (the job's phase as the poll sees it). */
type SyncStep = 'catalog' | 'guide' | 'storing' | 'matching' | 'after';
type StepPeaks = Record<SyncStep, number>;
const noPeaks = (): StepPeaks => ({ catalog: 0, guide: 0, storing: 0, matching: 0, after: 0 });

/**
 * RSS of the panel and (PostgreSQL) of its database's backends, sampled until stopped; peaks kept,
 * the panel's also per step of the sync (`step` is set by whoever polls the job).
 */
function sampler(panel: BenchPanel) {
  const peak = { panel: 0, backends: 0, backendMax: 0 };
  const steps = { current: null as SyncStep | null, peaks: noPeaks() };
  let pids: number[] = [];
  let stopped = false;
  const dbName = panel.databaseUrl ? new URL(panel.databaseUrl).pathname.slice(1) : '';
  const admin = dbName ? openPostgres(baseDatabaseUrl(), 1) : null;
  const refreshPids = async () => {
    if (!admin) return;
    const db = await admin;
    pids = (await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [dbName])).map((r) => r.pid);
  };
  const loop = (async () => {
    let tick = 0;
    while (!stopped) {
      try {
        const rss = rssMb(panel.pid);
        peak.panel = Math.max(peak.panel, rss);
        if (steps.current) steps.peaks[steps.current] = Math.max(steps.peaks[steps.current], rss);
        if (tick++ % 8 === 0) await refreshPids();
        let sum = 0;
        for (const pid of pids) {
          try {
            const r = rssMb(pid);
            if (Number.isFinite(r)) {
              sum += r;
              peak.backendMax = Math.max(peak.backendMax, r);
            }
          } catch {
            // the backend ended
          }
        }
        peak.backends = Math.max(peak.backends, sum);
      } catch {
        // the panel ended
      }
      await sleep(250);
    }
  })();
  return {
    peak,
    steps,
    reset() {
      peak.panel = 0;
      peak.backends = 0;
      peak.backendMax = 0;
    },
    /** Per-step peaks from now on go to `step` (null: none kept); `fresh` forgets the earlier ones. */
    stepTo(step: SyncStep | null, fresh = false) {
      if (fresh) steps.peaks = noPeaks();
      steps.current = step;
    },
    async stop() {
      stopped = true;
      await loop;
      if (admin) await (await admin).close();
    },
  };
}

interface SyncTiming {
  /** POST /api/sync/now to the last job's end. */
  wall: number;
  /** To the first job entering its guide phase (the catalog: lists, categories, episodes when on). */
  catalog: number;
  /** Of the wall time, the episode phase (0 when episodes are on demand). */
  episodes: number;
  counts: Record<string, number>[];
  /** Each job's guide: 'unchanged' when the upstream's guide was kept as stored, else null. */
  guides: (string | null)[];
}

/**
 * A poll that survives a dropped keep-alive connection: on PGlite a long statement holds the panel's
 * event loop (the database runs in it), and a reused socket the server closed meanwhile resets.
 */
async function retried<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts) throw err;
      await sleep(1000 * i);
    }
  }
}

/** Which step a job's phase belongs to: the guide's download and parse, its store, its matching (auto-match, purge, catalog version). */
const stepOf = (phase: string): SyncStep =>
  phase.startsWith('guide: matching') ? 'matching' : phase.startsWith('guide: storing') ? 'storing' : phase.startsWith('guide') ? 'guide' : 'catalog';

/** One sync of `upstreamId` (or of every active upstream), polled to the end of every job. */
async function syncNow(api: Api, upstreamId?: string, timeoutMs = 3_600_000, trace = process.env.BENCH_SCALE_TRACE === '1', onStep?: (step: SyncStep) => void): Promise<SyncTiming> {
  const started = performance.now();
  const now = await api('/api/sync/now', { method: 'POST', body: upstreamId ? { upstreamId } : {} });
  if (now.status !== 202) throw new Error(`POST /api/sync/now: HTTP ${now.status} ${JSON.stringify(now.body).slice(0, 300)}`);
  const jobs = (now.body as { jobs: { id: string }[] }).jobs.map((j) => j.id);
  const open = new Set(jobs);
  const counts: Record<string, number>[] = [];
  const guides: (string | null)[] = [];
  let catalog = 0;
  let episodesFrom = 0;
  let episodes = 0;
  const phases = new Map<string, string>();
  while (open.size) {
    for (const id of [...open]) {
      const job = await retried(() => api(`/api/sync/jobs/${id}`));
      const view = job.body as { status: string; phase: string | null; counts: Record<string, number>; guide?: string | null; error: string | null };
      const t = (performance.now() - started) / 1000;
      // BENCH_SCALE_TRACE=1: each job's phases as the poll sees them (the step a run waits in shows).
      const step = (view.phase ?? view.status).replace(/ \d+\/\d+$/, '');
      if (trace && phases.get(id) !== step) console.log(`    ${s2(t)} s  job ${id.slice(0, 8)}: ${step}  (${new Date().toISOString().slice(11, 23)})`);
      phases.set(id, step);
      if (view.status === 'running' && view.phase) onStep?.(stepOf(view.phase));
      if (view.phase?.startsWith('episodes') && !episodesFrom) episodesFrom = t;
      if (view.phase?.startsWith('guide') && !catalog) {
        catalog = t;
        if (episodesFrom) episodes = t - episodesFrom;
      }
      if (!['queued', 'running'].includes(view.status)) {
        if (view.status !== 'succeeded') throw new Error(`sync ${id} ended ${view.status}: ${view.error}`);
        open.delete(id);
        counts.push(view.counts);
        guides.push(view.guide ?? null);
      }
    }
    if (performance.now() - started > timeoutMs) throw new Error(`sync did not finish in ${timeoutMs / 1000} s`);
    await sleep(200);
  }
  const wall = (performance.now() - started) / 1000;
  return { wall, catalog: catalog || wall, episodes, counts, guides };
}

async function addUpstream(api: Api, fake: FakeUpstream, name: string): Promise<string> {
  const up = await api('/api/upstream', {
    method: 'POST',
    body: { serverUrl: fake.url, username: fake.username, password: fake.password, name, syncIntervalMinutes: 0, timeoutSeconds: 120 },
  });
  if (up.status !== 201) throw new Error(`POST /api/upstream: HTTP ${up.status} ${JSON.stringify(up.body).slice(0, 300)}`);
  return (up.body as { id: string }).id;
}

/** Renames every EQUIPE_EVERY-th item of each type after L'Équipe; returns how many per type. */
function seedEquipe(fake: FakeUpstream): Record<'live' | 'movie' | 'series', number> {
  let live = 0;
  let vod = 0;
  let series = 0;
  fake.catalog.live.forEach((c, i) => i % EQUIPE_EVERY === 7 && (c.name = EQUIPE_NAMES.live(i), live++));
  fake.catalog.vod.forEach((c, i) => i % EQUIPE_EVERY === 11 && (c.name = EQUIPE_NAMES.vod(i), vod++));
  fake.catalog.series.forEach((c, i) => i % EQUIPE_EVERY === 13 && (c.name = EQUIPE_NAMES.series(i), series++));
  return { live, movie: vod, series };
}

/** 200 one- and two-word queries people type: title words, partial words, numbers, any case. */
function searchQueries(): string[] {
  const words = ['red', 'silent', 'golden', 'last', 'hidden', 'broken', 'northern', 'iron', 'lost', 'wild', 'river', 'city', 'night', 'empire', 'signal', 'garden', 'harbor', 'storm', 'crown', 'road', 'channel', 'equipe', 'legendes', 'dimanche', 'hd'];
  let seed = 42;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const word = () => {
    const w = words[Math.floor(rnd() * words.length)];
    const r = rnd();
    return r < 0.2 ? w.slice(0, Math.max(3, w.length - 2)) : r < 0.3 ? w.toUpperCase() : r < 0.4 ? String(Math.floor(rnd() * 5000)) : w;
  };
  return Array.from({ length: SEARCH_QUERIES }, () => (rnd() < 0.5 ? word() : `${word()} ${word()}`));
}

interface Timed {
  ms: number;
  bytes: number;
  status: number;
}

async function timedGet(url: string, init: RequestInit = {}, maxBytes = Infinity): Promise<Timed> {
  const t = performance.now();
  const res = await fetch(url, init);
  let bytes = 0;
  const reader = res.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      if (bytes >= maxBytes) {
        await reader.cancel();
        break;
      }
    }
  }
  return { ms: performance.now() - t, bytes, status: res.status };
}

interface DriverResult {
  driver: Driver;
  startRss: number;
  startReadyS: number;
  sync: SyncTiming;
  syncPeak: { panel: number; backends: number; backendMax: number };
  /** The panel's peak RSS in each step of the first sync (MB). */
  stepPeaks: StepPeaks;
  resync: SyncTiming;
  lists: { name: string; cold: Timed; warm: Timed }[];
  extras: { name: string; t: Timed }[];
  listsRss: number;
  settledRss: number;
  listCacheBytes: number;
  wrk: WrkResult;
  peakRss: number;
  peakBackends: number;
  search: { p50: number; p95: number; max: number; hits: number; indexBuildS: number };
  equipe: Record<string, { want: number; got: number; allMatch: boolean }>;
  episodes?: SyncTiming;
  load: number[];
}

/** Items the content browser's search index holds (a memory bound in /api/metrics). */
async function searchIndexItems(api: Api): Promise<number> {
  const res = await api('/api/metrics');
  const m = /^neropanel_memory_bound_used\{bound="content_search_index",unit="entries"\} (\d+)/m.exec(String(res.body));
  return m ? Number(m[1]) : 0;
}

async function listCacheBytes(api: Api): Promise<number> {
  const res = await api('/api/metrics');
  const m = /^neropanel_list_cache_bytes (\d+(?:\.\d+)?)/m.exec(String(res.body));
  return m ? Number(m[1]) : NaN;
}

async function runDriver(driver: Driver): Promise<DriverResult> {
  const loads: number[] = [];
  const fake = await startFakeUpstream({ ...SIZES, guide: GUIDE, password: random().slice(0, 16) });
  const equipeWant = seedEquipe(fake);
  const t0 = performance.now();
  // BENCH_SCALE_NODE_ARGS: node options for the panel (e.g. `--require ./memlog.cjs`, `--heapsnapshot-near-heap-limit=1`).
  const nodeArgs = (process.env.BENCH_SCALE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const panel = await startBenchPanel('scale', { LOG_LEVEL: 'warn' }, nodeArgs, driver);
  const startReadyS = (performance.now() - t0) / 1000;
  const sampling = sampler(panel);
  try {
    await sleep(3000);
    const startRss = rssMb(panel.pid);
    console.log(`  ${driver}: ready in ${s2(startReadyS)} s, RSS ${mb(startRss)} MB with an empty database`);
    const api = await adminSession(panel.baseUrl);
    const set = await api('/api/settings', { method: 'PATCH', body: { seriesEpisodes: 'on_demand' } });
    if (set.status !== 200) throw new Error(`PATCH /api/settings: HTTP ${set.status}`);
    const upstreamId = await addUpstream(api, fake, 'scale');
    const line = { username: 'scaleplayer', password: random().slice(0, 20) };
    const ln = await api('/api/lines', { method: 'POST', body: { ...line, maxConnections: 0 } });
    if (ln.status !== 201) throw new Error(`POST /api/lines: HTTP ${ln.status}`);

    sampling.reset();
    sampling.stepTo('catalog', true);
    const sync = await syncNow(api, upstreamId, undefined, undefined, (step) => sampling.stepTo(step));
    const syncPeak = { ...sampling.peak };
    // What the end of the sync leaves running (a catalog-version bump's rebuilds): 5 s after the job.
    sampling.stepTo('after');
    await sleep(5000);
    sampling.stepTo(null);
    const stepPeaks = { ...sampling.steps.peaks };
    if (process.env.BENCH_SCALE_SYNC_ONLY === '1') {
      // An exploration of the sync's memory, not a result: nothing is recorded.
      console.log(`  ${driver}: sync ${s2(sync.wall)} s, peak RSS ${mb(syncPeak.panel)} MB; by step ${JSON.stringify(stepPeaks)}`);
      throw new Error('sync only (BENCH_SCALE_SYNC_ONLY=1 records nothing)');
    }
    loads.push(load());
    const stored = sync.counts[0];
    if (stored.live + stored.vod + stored.series !== ITEMS) throw new Error(`${driver}: the sync stored ${JSON.stringify(stored)}, want ${ITEMS} items`);
    console.log(`  ${driver}: sync ${s2(sync.wall)} s (catalog ${s2(sync.catalog)} s, guide ${s2(sync.wall - sync.catalog)} s), peak RSS ${mb(syncPeak.panel)} MB, backends ${mb(syncPeak.backends)} MB, load ${load().toFixed(1)}`);
    console.log(`  ${driver}: peak RSS by step: catalog ${mb(stepPeaks.catalog)} MB, guide download and parse ${mb(stepPeaks.guide)} MB, guide store ${mb(stepPeaks.storing)} MB, matching and the catalog version ${mb(stepPeaks.matching)} MB, 5 s after the job ${mb(stepPeaks.after)} MB`);
    const resync = await syncNow(api, upstreamId);
    loads.push(load());
    const again = resync.counts[0];
    if (again.added !== 0 || again.updated !== 0 || again.removed !== 0) throw new Error(`${driver}: re-sync of the unchanged catalog wrote rows: ${JSON.stringify(again)}`);
    console.log(`  ${driver}: re-sync ${s2(resync.wall)} s (catalog ${s2(resync.catalog)} s), guide ${resync.guides[0] === 'unchanged' ? 'unchanged: kept' : 'stored again'}`);

    const player = `${panel.baseUrl}/player_api.php?username=${line.username}&password=${line.password}`;
    const gzip = { headers: { 'accept-encoding': 'gzip' } };
    const lists: DriverResult['lists'] = [];
    for (const action of LISTS) {
      const cold = await timedGet(`${player}&action=${action}`, gzip);
      const warm = await timedGet(`${player}&action=${action}`, gzip);
      if (cold.status !== 200) throw new Error(`${action}: HTTP ${cold.status}`);
      lists.push({ name: action, cold, warm });
    }
    const shows = (await (await fetch(`${player}&action=get_series`)).json()) as { series_id: number }[];
    const movies = (await (await fetch(`${player}&action=get_vod_streams`)).json()) as { stream_id: number; container_extension: string }[];
    const channels = (await (await fetch(`${player}&action=get_live_streams`)).json()) as { stream_id: number; epg_channel_id: string | null }[];
    const guided = channels.find((c) => c.epg_channel_id === 'ch1000.fake') ?? channels[0];
    const extras: DriverResult['extras'] = [];
    const show = shows[Math.floor(shows.length / 2)];
    extras.push({ name: 'get_series_info (first ask: fetched from the provider)', t: await timedGet(`${player}&action=get_series_info&series_id=${show.series_id}`) });
    extras.push({ name: 'get_series_info (again: from the store)', t: await timedGet(`${player}&action=get_series_info&series_id=${show.series_id}`) });
    extras.push({ name: 'get_short_epg (limit 4)', t: await timedGet(`${player}&action=get_short_epg&stream_id=${guided.stream_id}&limit=4`) });
    const base = panel.baseUrl;
    for (const m of [movies[0], movies[Math.floor(movies.length / 2)], movies[movies.length - 1]]) {
      extras.push({ name: `movie ${m.stream_id} (Range 0-65535)`, t: await timedGet(`${base}/movie/${line.username}/${line.password}/${m.stream_id}.${m.container_extension}`, { headers: { range: 'bytes=0-65535' } }) });
    }
    extras.push({ name: `live ${channels[0].stream_id}.ts (first 64 KB)`, t: await timedGet(`${base}/live/${line.username}/${line.password}/${channels[0].stream_id}.ts`, {}, 64 * 1024) });
    for (const e of extras) if (e.t.status >= 400) throw new Error(`${e.name}: HTTP ${e.t.status}`);
    await sleep(1000);
    const listsRss = rssMb(panel.pid);
    const cacheBytes = await listCacheBytes(api);
    console.log(`  ${driver}: every list served once, RSS ${mb(listsRss)} MB (VmHWM ${mb(hwmMb(panel.pid))} MB), list cache ${mb(cacheBytes / 1048576)} MB`);
    // The curated views the lists were built from linger 30 s after their last use, then go.
    await sleep(40_000);
    const settledRss = rssMb(panel.pid);
    console.log(`  ${driver}: 40 s later (the curated views released), RSS ${mb(settledRss)} MB`);

    const wrk = await runWrk(`${player}&action=get_vod_streams`, { connections: 32 });
    loads.push(load());
    console.log(`  ${driver}: get_vod_streams at 32 connections: p50 ${s2(wrk.p50)} ms, p99 ${s2(wrk.p99)} ms, ${wrk.requestsPerSecond.toFixed(0)} req/s${wrk.errors ? `, ${wrk.errors} errors` : ''}`);

    // The admin opens the content browser: that builds the search index (lib/content-browser/search-index.ts)
    // in the background; the searches start once it holds the catalog.
    const indexStart = performance.now();
    await api('/api/content?pageSize=50');
    while ((await searchIndexItems(api)) < ITEMS) {
      if (performance.now() - indexStart > 300_000) throw new Error('the search index was not built within 300 s');
      await sleep(100);
    }
    const indexBuildS = (performance.now() - indexStart) / 1000;
    console.log(`  ${driver}: search index built in ${s2(indexBuildS)} s`);
    const times: number[] = [];
    let hits = 0;
    for (const q of searchQueries()) {
      const t = performance.now();
      const res = await api(`/api/content?q=${encodeURIComponent(q)}&pageSize=50`);
      times.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`search ${q}: HTTP ${res.status}`);
      hits += (res.body as { total: number }).total > 0 ? 1 : 0;
    }
    const equipe: DriverResult['equipe'] = {};
    for (const type of ['live', 'movie', 'series'] as const) {
      const res = await api(`/api/content?q=equipe&type=${type}&pageSize=500`);
      const body = res.body as { total: number; items: { originalName: string }[] };
      equipe[type] = { want: equipeWant[type], got: body.total, allMatch: body.items.every((i) => /équipe/i.test(i.originalName)) };
    }
    const search = { p50: pct(times, 50), p95: pct(times, 95), max: Math.max(...times), hits, indexBuildS };
    console.log(`  ${driver}: search p50 ${s2(search.p50)} ms, p95 ${s2(search.p95)} ms (${hits}/${SEARCH_QUERIES} with hits); equipe ${JSON.stringify(equipe)}`);

    let episodes: SyncTiming | undefined;
    if (process.env.BENCH_SCALE_EPISODES === '1') {
      await api('/api/settings', { method: 'PATCH', body: { seriesEpisodes: 'sync' } });
      episodes = await syncNow(api, upstreamId, 7_200_000);
      console.log(`  ${driver}: sync with the episode phase on: ${s2(episodes.wall)} s, of which episodes ${s2(episodes.episodes)} s (${episodes.counts[0].episodes} episodes)`);
    }
    const peakRss = Math.max(sampling.peak.panel, hwmMb(panel.pid));
    return {
      driver, startRss, startReadyS, sync, syncPeak, stepPeaks, resync, lists, extras, listsRss, settledRss, listCacheBytes: cacheBytes, wrk,
      peakRss, peakBackends: sampling.peak.backends, search, equipe, episodes, load: loads,
    };
  } catch (err) {
    console.error(panel.logs().slice(-3000));
    throw err;
  } finally {
    await sampling.stop();
    await panel.stop();
    await fake.close();
  }
}

interface DualResult {
  driver: Driver;
  wall: number;
  /** To the first job entering its guide phase. */
  catalog: number;
  /** CPU seconds during the run: the panel, and this process (the two fake providers). */
  cpu: { panel: number; bench: number };
  peakRss: number;
  peakBackends: number;
  load: number;
}

/** Two providers of 65k items each, synced at once (one POST /api/sync/now for all). */
async function runDual(driver: Driver): Promise<DualResult> {
  const fakes = [await startFakeUpstream({ ...DUAL, password: random().slice(0, 16) }), await startFakeUpstream({ ...DUAL, password: random().slice(0, 16) })];
  // BENCH_SCALE_LOG_LEVEL=info (with BENCH_SERVER_LOG=1) shows the jobs' phases; BENCH_SCALE_CPU_PROF=dir profiles the panel.
  const prof = process.env.BENCH_SCALE_CPU_PROF;
  const panel = await startBenchPanel('scale2', { LOG_LEVEL: process.env.BENCH_SCALE_LOG_LEVEL ?? 'warn' }, prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [], driver);
  const sampling = sampler(panel);
  try {
    const api = await adminSession(panel.baseUrl);
    await api('/api/settings', { method: 'PATCH', body: { seriesEpisodes: 'on_demand' } });
    const ids = [await addUpstream(api, fakes[0], 'first'), await addUpstream(api, fakes[1], 'second')];
    if (process.env.BENCH_SCALE_DUAL_SERIAL === '1') {
      // The same two syncs one after the other, in the same database: what running them at once saves.
      // An exploration, not a result: nothing is recorded.
      let total = 0;
      for (const id of ids) {
        const one = await syncNow(api, id);
        total += one.wall;
        console.log(`  ${driver}: one provider alone (${DUAL_ITEMS}): ${s2(one.wall)} s (catalog ${s2(one.catalog)} s), load ${load().toFixed(1)}`);
      }
      throw new Error(`serial run done: ${s2(total)} s for both (BENCH_SCALE_DUAL_SERIAL=1 records nothing)`);
    }
    sampling.reset();
    const started = performance.now();
    const cpu = { panel: cpuSeconds(panel.pid), bench: process.cpuUsage() };
    const sync = await syncNow(api);
    const wall = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu.bench);
    const cpuS = { panel: cpuSeconds(panel.pid) - cpu.panel, bench: (used.user + used.system) / 1e6 };
    if (sync.counts.length !== 2) throw new Error(`dual: ${sync.counts.length} jobs`);
    for (const c of sync.counts) if (c.live + c.vod + c.series !== DUAL_ITEMS) throw new Error(`dual: a job stored ${JSON.stringify(c)}`);
    const result = { driver, wall, catalog: sync.catalog, peakRss: Math.max(sampling.peak.panel, hwmMb(panel.pid)), peakBackends: sampling.peak.backends, load: load(), cpu: cpuS };
    console.log(`  ${driver}: two providers at once (2 × ${DUAL_ITEMS}): ${s2(wall)} s (first job in its guide phase at ${s2(sync.catalog)} s), peak RSS ${mb(result.peakRss)} MB, CPU panel ${s2(cpuS.panel)} s / bench (fake providers) ${s2(cpuS.bench)} s, load ${load().toFixed(1)}`);
    return result;
  } finally {
    await sampling.stop();
    await panel.stop();
    for (const f of fakes) await f.close();
  }
}

const verdict = (ok: boolean) => (ok ? 'met' : '**NOT met**');

export async function benchScale(options: { command?: string } = {}): Promise<Section> {
  const drivers = (process.env.BENCH_SCALE_DRIVERS ?? 'pg,pglite').split(',').map((d) => d.trim()).filter((d): d is Driver => d === 'pg' || d === 'pglite');
  const dualDrivers = (process.env.BENCH_SCALE_DUAL ?? 'pg').split(',').map((d) => d.trim()).filter((d): d is Driver => d === 'pg' || d === 'pglite');
  const pgVersion = await postgresVersion();
  console.log(`  scale factor ${FACTOR}: ${SIZES.live} live + ${SIZES.vod} movies + ${SIZES.series} series, guide ${GUIDE.channels} channels × ${GUIDE.hours} h`);
  const results: DriverResult[] = [];
  for (const d of drivers) results.push(await runDriver(d));
  const duals: DualResult[] = [];
  for (const d of dualDrivers) duals.push(await runDual(d));

  const by = (d: Driver) => results.find((r) => r.driver === d);
  const label = (d: Driver) => (d === 'pg' ? `PostgreSQL ${pgVersion.split(' ')[0]}` : 'PGlite (embedded)');
  const cols = results.map((r) => label(r.driver));
  const row = (name: string, f: (r: DriverResult) => string) => [name, ...results.map(f)];
  const main = table(['', ...cols], [
    row('Panel RSS right after start, empty database (MB)', (r) => mb(r.startRss)),
    row('Start to healthy (s)', (r) => s2(r.startReadyS)),
    row(`Sync of ${ITEMS.toLocaleString('en-US')} items + guide (s)`, (r) => s2(r.sync.wall)),
    row('of which the catalog (s)', (r) => s2(r.sync.catalog)),
    row(`of which the guide (${GUIDE.channels.toLocaleString('en-US')} channels × ${GUIDE.hours / 24} days) (s)`, (r) => s2(r.sync.wall - r.sync.catalog)),
    row('Panel peak RSS during the sync (MB)', (r) => mb(r.syncPeak.panel)),
    row('… in the catalog (lists, categories) (MB)', (r) => mb(r.stepPeaks.catalog)),
    row('… in the guide download and parse (MB)', (r) => mb(r.stepPeaks.guide)),
    row('… in the guide store (MB)', (r) => mb(r.stepPeaks.storing)),
    row('… in the guide matching and the catalog version bump (MB)', (r) => mb(r.stepPeaks.matching)),
    row('… in the 5 s after the job ended (MB)', (r) => mb(r.stepPeaks.after)),
    row('PostgreSQL backends, peak sum of RSS during the sync (MB)', (r) => (r.driver === 'pg' ? mb(r.syncPeak.backends) : 'in the panel')),
    row('Re-sync of the unchanged catalog (s)', (r) => s2(r.resync.wall)),
    row('of which the catalog (s)', (r) => s2(r.resync.catalog)),
    row('… the guide at the re-sync', (r) => (r.resync.guides[0] === 'unchanged' ? 'unchanged: kept, not stored again' : 'stored again')),
    row('Panel RSS after every list served once (MB)', (r) => mb(r.listsRss)),
    row('… 40 s later, the curated views released (MB)', (r) => mb(r.settledRss)),
    row('List cache (MB, gzip; JSON only once asked without gzip)', (r) => (r.listCacheBytes / 1048576).toFixed(1)),
    row(`\`get_vod_streams\` at ${WRK.connections} connections: p50 / p99 (ms)`, (r) => `${s2(r.wrk.p50)} / ${s2(r.wrk.p99)}`),
    row('… requests/s (errors)', (r) => `${r.wrk.requestsPerSecond.toFixed(0)} (${r.wrk.errors})`),
    row('Panel peak RSS over the whole run (MB)', (r) => mb(r.peakRss)),
    row('Search index built after the content browser opened (s)', (r) => s2(r.search.indexBuildS)),
    row(`Search, ${SEARCH_QUERIES} one-/two-word queries: p50 / p95 (ms)`, (r) => `${s2(r.search.p50)} / ${s2(r.search.p95)}`),
    row('"equipe" finds live / movies / series (of seeded)', (r) => (['live', 'movie', 'series'] as const).map((t) => `${r.equipe[t].got}/${r.equipe[t].want}${r.equipe[t].allMatch ? '' : ' (wrong hits)'}`).join(' · ')),
    row('Load average (1 min) after sync / re-sync / wrk', (r) => r.load.map((l) => l.toFixed(1)).join(' / ')),
  ]);
  const listRows = results.flatMap((r) =>
    [...r.lists.map((l) => [label(r.driver), l.name, s2(l.cold.ms), s2(l.warm.ms), (l.cold.bytes / 1024).toFixed(0)]), ...r.extras.map((e) => [label(r.driver), e.name, s2(e.t.ms), '', (e.t.bytes / 1024).toFixed(0)])],
  );
  const dualTable = duals.length
    ? table(['Driver', `Two providers × ${DUAL_ITEMS.toLocaleString('en-US')} items at once (s)`, 'of which the catalogs (s)', 'CPU: panel / fake providers (s)', 'Panel peak RSS (MB)', 'Backends peak (MB)', 'Load (1 min)'], duals.map((d) => [label(d.driver), s2(d.wall), s2(d.catalog), `${s2(d.cpu.panel)} / ${s2(d.cpu.bench)}`, mb(d.peakRss), d.driver === 'pg' ? mb(d.peakBackends) : '-', d.load.toFixed(1)]))
    : 'Not run (BENCH_SCALE_DUAL empty).';
  const episodeLines = results.filter((r) => r.episodes).map((r) => `- ${label(r.driver)}: a sync with \`seriesEpisodes: sync\` after the catalog was stored took ${s2(r.episodes!.wall)} s, of which the episode phase ${s2(r.episodes!.episodes)} s for ${SIZES.series.toLocaleString('en-US')} series (${r.episodes!.counts[0].episodes} episodes stored, upstream rate limit off).`);

  const checks: string[] = [];
  const pg = by('pg');
  const pgl = by('pglite');
  const full = FACTOR === 1;
  if (pg) {
    checks.push(`- PostgreSQL: catalog sync under ${BUDGET.pg.syncS} s: ${verdict(pg.sync.catalog < BUDGET.pg.syncS)} (${s2(pg.sync.catalog)} s; with the guide ${s2(pg.sync.wall)} s); panel peak RSS during the sync under ${BUDGET.pg.rssMb} MB: ${verdict(pg.syncPeak.panel < BUDGET.pg.rssMb)} (${mb(pg.syncPeak.panel)} MB; over the whole run, every list built and \`wrk\` included: ${mb(pg.peakRss)} MB, ${verdict(pg.peakRss < BUDGET.pg.rssMb)}); re-sync under ${BUDGET.pg.resyncS} s: ${verdict(pg.resync.wall < BUDGET.pg.resyncS)} (${s2(pg.resync.wall)} s); \`get_vod_streams\` p99 under ${BUDGET.pg.vodP99Ms} ms: ${verdict(pg.wrk.p99 < BUDGET.pg.vodP99Ms)} (${s2(pg.wrk.p99)} ms); search p95 under ${BUDGET.pg.searchP95Ms} ms: ${verdict(pg.search.p95 < BUDGET.pg.searchP95Ms)} (${s2(pg.search.p95)} ms).`);
  }
  const dualPg = duals.find((d) => d.driver === 'pg');
  if (dualPg) checks.push(`- Two providers at once within ${BUDGET.pg.dualS} s: ${verdict(dualPg.wall < BUDGET.pg.dualS)} (${s2(dualPg.wall)} s).`);
  if (pgl) {
    checks.push(`- PGlite: RSS after start under ${BUDGET.pglite.startRssMb} MB: ${verdict(pgl.startRss < BUDGET.pglite.startRssMb)} (${mb(pgl.startRss)} MB); after the sync and every list once under ${BUDGET.pglite.listsRssMb} MB: ${verdict(pgl.listsRss < BUDGET.pglite.listsRssMb)} (${mb(pgl.listsRss)} MB; peak during the sync ${mb(pgl.syncPeak.panel)} MB); the sync finished in ${s2(pgl.sync.wall)} s; search p95 under ${BUDGET.pglite.searchP95Ms} ms: ${verdict(pgl.search.p95 < BUDGET.pglite.searchP95Ms)} (${s2(pgl.search.p95)} ms).`);
  }
  const equipeOk = results.every((r) => Object.values(r.equipe).every((e) => e.got === e.want && e.allMatch));
  checks.push(`- "equipe" finds every seeded "L'Équipe" item of every type (written \`L'Équipe\`, \`L’Équipe\`, \`L'ÉQUIPE\`): ${verdict(equipeOk)}.`);

  const markdown = `## Scale: the peers' breaking size (${SIZES.live.toLocaleString('en-US')} live + ${SIZES.vod.toLocaleString('en-US')} movies + ${SIZES.series.toLocaleString('en-US')} series)

Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${options.command ?? 'npm run bench -- scale'}\`${full ? '' : ` and \`BENCH_SCALE_FACTOR=${FACTOR}\` (every size scaled down: **not the issue's size**, the budgets below do not apply to it)`}.

${machineLines({ PostgreSQL: `${pgVersion} (local, default settings)`, PGlite: '@electric-sql/pglite 0.5.14 (shared_buffers 32MB, optimizing WebAssembly tier only)', Build: buildInfo() })}

Setup: the production server (\`node dist/server.js\`) on a fresh database each (PostgreSQL: \`CREATE DATABASE\`;
PGlite: a fresh DATA_DIR, so the first start creates the cluster), the fake provider (\`tests/fake-upstream\`, real HTTP,
in the bench process) with ${SIZES.categoriesPerType} categories per type and an XMLTV guide of ${GUIDE.hours / 24} days of one-hour programmes for
${GUIDE.channels.toLocaleString('en-US')} channels (${(GUIDE.channels * GUIDE.hours).toLocaleString('en-US')} programmes; the sync ingests the upstream's guide after its catalog). Everything goes through HTTP as an admin and a player would: \`PATCH /api/settings\`
\`{seriesEpisodes: "on_demand"}\`, \`POST /api/upstream\`, \`POST /api/sync/now\` polled to the job's end (the catalog
time is until the job enters its guide phase), a second sync of the unchanged catalog (must add, update and remove
nothing), every list with gzip (cold: built; warm: from the list cache), then \`wrk -c${WRK.connections} -d${WRK.seconds}s\` on
\`get_vod_streams\` and ${SEARCH_QUERIES} sequential \`GET /api/content?q=\` (one or two words of the fake titles, partial words, numbers, any case).
RSS is the panel process's VmRSS sampled every 250 ms (PostgreSQL's backends of the bench database summed alongside;
each counts the shared buffers it touched); the sync's peak is also told per step, by the job's phase as the poll sees it
(the catalog; the guide's download and parse; its store; the matching, purge and catalog version; the 5 s after the job).
Every ${EQUIPE_EVERY.toLocaleString('en-US')}th item of each type is named after "L'Équipe".
The machine is shared with other agents' builds and tests: see the load line; absolute times are noisy.

${main}

${checks.join('\n')}

**Episodes.** The sync does not fetch every series' episodes here (\`seriesEpisodes: on_demand\`, a panel setting; the
default \`sync\` keeps the episode phase): at this size that phase is ${SIZES.series.toLocaleString('en-US')} \`get_series_info\` requests, which
at the default upstream limit of 5 requests/s is ${(SIZES.series / 5 / 3600).toFixed(1)} h of waiting on the limiter whatever the panel does,
and providers ban bursts. On demand is what XTREAM.md §7 asks and what players do: the first \`get_series_info\` of a
series fetches and stores it (see the table below), every later one is answered from the store; \`get.php\` lists the
episodes fetched so far. ${episodeLines.length ? `\n${episodeLines.join('\n')}` : 'The episode phase was not timed in this run (`BENCH_SCALE_EPISODES=1` adds a sync with it on).'}

<details><summary>Every list and request (cold / warm, KB as sent with gzip)</summary>

${table(['Driver', 'Request', 'Cold ms', 'Warm ms', 'KB'], listRows)}

</details>

${dualTable}

${pgliteNotes(pgl)}

${peerComparison(pg, pgl)}
`;
  return { id: 'scale', markdown };
}

function pgliteNotes(pgl: DriverResult | undefined): string {
  return `**Where PGlite's memory goes** (a bare \`node\` process, 85 MB before, opening an existing folder and applying the schema;
measured with \`/proc/self/smaps\` while writing this): the WebAssembly heap holds PostgreSQL's shared memory and its
backend's allocations (48 MB resident at \`shared_buffers=32MB\`, 30 MB at 16MB, 22 MB at 8MB; it never shrinks), V8
keeps two compiled copies of PostgreSQL's hot functions (the baseline and the optimized tier: 45–60 MB; the panel now
compiles with the optimized tier only, \`--no-liftoff\` set in \`openPglite\`: 272 → 229 MB), the rest is the module, its
file-system image and the driver. Creating the cluster (initdb in WebAssembly) grows a heap to 640–800 MB: it ran in a
worker thread, which left 130 MB behind in the panel (84 → 215 MB around a creation: the thread's malloc arenas and
code); it now runs in a child process (84 → 76 MB). Before these two changes the panel started on a fresh folder at
426 MB (HWM 879 MB; \`node dist/server.js\`, same machine, PostgreSQL driver: 153 MB).${pgl ? ` This run: ${mb(pgl.startRss)} MB after start.` : ''}
The rest of the growth with a catalog is shared by both drivers: the list cache (bounded at 256 MB, JSON + gzip) and the
curated catalog views the lists are built from (one object per item, per kind); on PGlite also the WebAssembly heap's
high-water mark of the sync's batches and of the whole-catalog reads (a heap that grew stays grown).`;
}

function peerComparison(pg: DriverResult | undefined, pgl: DriverResult | undefined): string {
  const ours = [pg ? `PostgreSQL: sync ${s2(pg.sync.catalog)} s, peak ${mb(pg.syncPeak.panel)} MB during it (${mb(pg.peakRss)} MB over the whole run), \`get_vod_streams\` cold ${s2(pg.lists.find((l) => l.name === 'get_vod_streams')!.cold.ms / 1000)} s, p99 warm ${s2(pg.wrk.p99)} ms at ${WRK.connections} connections` : '', pgl ? `PGlite: sync ${s2(pgl.sync.catalog)} s, ${mb(pgl.listsRss)} MB after every list` : ''].filter(Boolean).join('; ');
  return `**Against the peers at this size** (from their trackers and changelogs, \`/work/shared/reference/peers.md\`):
Dispatcharr's full-library \`get_vod_streams\`/\`get_series\` took 23–28 s on a 125k-movie library, 8–10 s after a rewrite,
and its old query exhausted Docker's 64 MB \`/dev/shm\`; its Celery worker grows 20–80 MB per refresh (capped by restarting
children at 512 MB) and holds about 1 GB at a 40k-channel playlist, with OOM-killed workers that silently halt scheduled
tasks (#1053, #1509). m3u-editor's initial import stalls at 25,000+ channels with job timeouts over 10 min (#129), its VOD
sync times out at 17k movies and \`get_series_info\` hit a 900 s cURL timeout (#839), series metadata took about 2 h (#634).
None publishes a run at 50k live + 110k movies + 55k series; this bench is that run for this panel: ${ours || 'see the table'}.`;
}
