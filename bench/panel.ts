// The production panel as the Xtream and relay benches drive it: `node dist/server.js` on a fresh
// PostgreSQL database, an admin session over HTTP, and the admin API calls a bench needs.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Agent, fetch } from 'undici';
import { openPostgres } from '@/db/client';
import { appDir, baseEnv, freePort, sleep, tail } from '@/tests/e2e/helpers/server';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
// Fresh throwaway credentials and secrets for every bench run.
export const random = () => crypto.randomBytes(24).toString('hex');
export const ADMIN = { username: 'benchadmin', password: random() };

export interface BenchPanel {
  baseUrl: string;
  port: number;
  /** The `node server.js` process (the whole panel: Next's server runs in it). */
  pid: number;
  /** The PostgreSQL URL, or '' when the panel runs on its embedded PGlite (in `dataDir`). */
  databaseUrl: string;
  dataDir: string;
  logs(): string;
  stop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export function baseDatabaseUrl(): string {
  return process.env.BENCH_DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
}

export async function postgresVersion(): Promise<string> {
  const admin = await openPostgres(baseDatabaseUrl(), 1);
  try {
    const [{ server_version: v }] = await admin.query<{ server_version: string }>('SHOW server_version');
    return v;
  } finally {
    await admin.close();
  }
}

/**
 * The server to bench: `dist/server.js` of this tree, or BENCH_SERVER_ENTRY (the path of another
 * build's entry, for an A/B against an older commit: e.g. its `.next/standalone/server.js`).
 */
export function requireBuild(): { server: string; cwd: string } {
  const server = path.resolve(process.env.BENCH_SERVER_ENTRY || path.join(appDir, 'dist', 'server.js'));
  if (!fs.existsSync(server)) throw new Error(`${server} is missing: run \`npm run build\` first`);
  // dist/server.js runs from the project root; an older standalone server.js from its own folder.
  const dir = path.dirname(server);
  return { server, cwd: path.basename(dir) === 'dist' ? path.dirname(dir) : dir };
}

/**
 * Starts `node dist/server.js` (NODE_ENV=production, 127.0.0.1, a free port) on a fresh
 * database `neropanel_bench_<suite>_<ts>` of the local PostgreSQL, which `stop()` drops again, or
 * with `driver: 'pglite'` on the embedded database in a fresh DATA_DIR (no DATABASE_URL).
 * `nodeArgs` go before server.js (e.g. `--cpu-prof`, which NODE_OPTIONS does not allow).
 */
export async function startBenchPanel(
  suite: string,
  extraEnv: Record<string, string> = {},
  nodeArgs: string[] = [],
  driver: 'pg' | 'pglite' = 'pg',
): Promise<BenchPanel> {
  const { server, cwd } = requireBuild();
  const base = baseDatabaseUrl();
  const dbName = `neropanel_bench_${suite}_${Date.now()}`;
  if (driver === 'pg') {
    const admin = await openPostgres(base, 1);
    await admin.exec(`CREATE DATABASE ${dbName}`);
    await admin.close();
  }
  const databaseUrl = driver === 'pg' ? withDatabase(base, dbName) : '';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `neropanel-bench-${suite}-`));
  const port = await freePort();
  const env: Record<string, string> = {
    ...baseEnv(),
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(port),
    HOSTNAME: '127.0.0.1',
    DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    APP_SECRET: random(),
    NEXTAUTH_SECRET: random(),
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
    // The fake provider has no rate limit; with the default 5/s the episode phase alone is 2,000 s at 10k series.
    UPSTREAM_RATE_PER_SECOND: '0',
    ...extraEnv,
  };
  if (!databaseUrl) delete env.DATABASE_URL;
  let output = '';
  let stopped = false;
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, server], { cwd, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
    if (process.env.BENCH_SERVER_LOG) process.stderr.write(chunk);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      // a bench that loses its panel says how it ended (a crash, a signal from outside)
      if (!stopped) collect(Buffer.from(`\n[bench] the panel exited: code ${code}, signal ${signal}\n`));
      resolve();
    }),
  );

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (!databaseUrl) return;
    const db = await openPostgres(base, 1);
    await db.exec(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    await db.close();
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  let last = '';
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`panel exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${tail(output)}`);
    }
    try {
      const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) break;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`panel not healthy after 120 s (last: ${last}):\n${tail(output)}`);
    }
    await sleep(250);
  }
  return { baseUrl, port, pid: child.pid!, databaseUrl, dataDir, logs: () => output, stop };
}

/**
 * The admin calls open a connection each: the fake upstream runs in this process, and while it builds a
 * 100k-item answer this loop stalls for seconds, past the panel's keep-alive timeout (5 s). A pooled
 * socket the panel closed meanwhile was then reused and answered with a reset (ECONNRESET while polling
 * a sync job); a fresh connection per call cannot meet a closed one.
 */
const noKeepAlive = new Agent({ pipelining: 0 });

/** An admin session over HTTP (next-auth credentials flow); returns a fetch bound to its cookies. */
export async function adminSession(baseUrl: string): Promise<(p: string, init?: { method?: string; body?: unknown }) => Promise<{ status: number; body: unknown }>> {
  const jar = new Map<string, string>();
  const keep = (res: { headers: { getSetCookie(): string[] } }) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { dispatcher: noKeepAlive });
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const login = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    dispatcher: noKeepAlive,
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ csrfToken, username: ADMIN.username, password: ADMIN.password, json: 'true' }),
  });
  keep(login);
  await login.text();
  if (![...jar.keys()].some((k) => k.endsWith('session-token'))) throw new Error(`admin login failed: HTTP ${login.status}`);
  return async (p, init = {}) => {
    const res = await fetch(`${baseUrl}${p}`, {
      dispatcher: noKeepAlive,
      method: init.method ?? 'GET',
      headers: { cookie: cookie(), ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body };
  };
}

export interface PreparedPanel {
  line: { username: string; password: string };
  upstreamId: string;
  sync: { status: string; seconds: number; counts: Record<string, number> };
}

/** Admin login, the upstream, an unlimited player account, one sync run to its end. */
export async function preparePanel(
  panel: BenchPanel,
  upstream: { url: string; username: string; password: string },
  // A first sync fetches every series' episodes (10k series: minutes even without a rate limit).
  syncTimeoutMs = 900_000,
  /** Settings patched before the sync (e.g. `{ seriesEpisodes: 'on_demand' }` for benches of the lists). */
  settings?: Record<string, unknown>,
): Promise<PreparedPanel> {
  const api = await adminSession(panel.baseUrl);
  if (settings) {
    const patched = await api('/api/settings', { method: 'PATCH', body: settings });
    if (patched.status !== 200) throw new Error(`PATCH /api/settings: HTTP ${patched.status} ${JSON.stringify(patched.body).slice(0, 500)}`);
  }
  const up = await api('/api/upstream', {
    method: 'POST',
    body: { serverUrl: upstream.url, username: upstream.username, password: upstream.password, name: 'bench', syncIntervalMinutes: 0, timeoutSeconds: 60 },
  });
  if (up.status !== 201) throw new Error(`POST /api/upstream: HTTP ${up.status} ${JSON.stringify(up.body).slice(0, 500)}`);
  const upstreamId = (up.body as { id: string }).id;
  const line = { username: 'benchplayer', password: random() };
  const ln = await api('/api/lines', { method: 'POST', body: { ...line, maxConnections: 0 } });
  if (ln.status !== 201) throw new Error(`POST /api/lines: HTTP ${ln.status} ${JSON.stringify(ln.body).slice(0, 500)}`);

  const started = Date.now();
  const now = await api('/api/sync/now', { method: 'POST', body: { upstreamId } });
  if (now.status !== 202) throw new Error(`POST /api/sync/now: HTTP ${now.status} ${JSON.stringify(now.body).slice(0, 500)}`);
  const jobId = (now.body as { jobs: { id: string }[] }).jobs[0]?.id;
  if (!jobId) throw new Error(`POST /api/sync/now started no job: ${JSON.stringify(now.body)}`);
  for (;;) {
    const job = await api(`/api/sync/jobs/${jobId}`);
    const view = job.body as { status: string; counts: Record<string, number>; error: string | null; durationMs: number | null };
    if (job.status === 200 && !['queued', 'running'].includes(view.status)) {
      if (view.status !== 'succeeded') throw new Error(`sync ended ${view.status}: ${view.error}`);
      return { line, upstreamId, sync: { status: view.status, seconds: (view.durationMs ?? Date.now() - started) / 1000, counts: view.counts } };
    }
    if (Date.now() - started > syncTimeoutMs) throw new Error(`sync did not finish in ${syncTimeoutMs / 1000} s`);
    await sleep(500);
  }
}

/** utime+stime of a process in seconds (from /proc/<pid>/stat). */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime is field 14, stime field 15.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / clockTicks();
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** VmRSS of a process in MB. */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Child processes of a pid (to make sure the panel is one process). */
export function childPids(pid: number): number[] {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** The build the bench ran against: its BUILD_ID and when it was built. */
export function buildInfo(): string {
  const { server, cwd } = requireBuild();
  const file = [path.join(cwd, '.next', 'BUILD_ID'), path.join(cwd, '..', 'BUILD_ID')].find((f) => fs.existsSync(f)) ?? '';
  try {
    return `\`next build\` ${fs.readFileSync(file, 'utf8').trim()} of ${fs.statSync(file).mtime.toISOString().slice(0, 16).replace('T', ' ')} UTC (${path.relative(process.cwd(), server)})`;
  } catch {
    return 'unknown';
  }
}
