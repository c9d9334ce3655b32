// `npm run demo`: NeroPanel with everything wired, for a first look or a player test.
// Starts a fake Xtream provider in this process (tests/fake-upstream: real H.264/AAC live video, a
// guide), the production server on the embedded database (PGlite) in a fresh data directory, and
// through the admin API: an upstream, a finished sync (catalog and guide), local content (a movie and
// a series with an episode) and a player account. Then prints where to look and how to play.
// The first run on a clean clone builds first (`npm run build`, a few minutes); later runs are ready
// in well under a minute. Ctrl-C stops everything (the data directory is kept, its path is printed).
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startFakeUpstream } from '../tests/fake-upstream/server';
// @ts-expect-error plain ESM helper without types
import { buildState, projectRoot } from './build-state.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const started = Date.now();
const say = (line: string) => console.log(`demo: ${line}`);

function run(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', cwd: projectRoot, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
    // Ctrl-C during the build stops the build too.
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', () => resolve(1));
    child.on('exit', (code) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? 1);
    });
  });
}

async function freePort(preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | null>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(null));
      srv.listen(port, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
  return (await tryPort(preferred)) ?? (await tryPort(0))!;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const state = buildState(projectRoot) as { current: boolean; reason?: string };
  if (!state.current) {
    say(`building first (${state.reason}); this takes a few minutes once`);
    if ((await run(npm, ['run', 'build'])) !== 0) throw new Error('npm run build failed');
  }

  const dataDir = process.env.DEMO_DATA_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'neropanel-demo-'));
  const provider = { password: crypto.randomBytes(9).toString('base64url') };
  const fake = await startFakeUpstream({ password: provider.password, live: 24, vod: 40, series: 6, categoriesPerType: 4, episodesPerSeries: 3, liveMedia: 'fixture', account: { maxConnections: 20 } });
  const port = await freePort(Number(process.env.DEMO_PORT || 3000));
  const base = `http://127.0.0.1:${port}`;
  const admin = { username: 'admin', password: crypto.randomBytes(9).toString('base64url') };

  const child: ChildProcess = spawn(process.execPath, [path.join(projectRoot, 'dist', 'server.js')], {
    cwd: projectRoot,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      REDIS_URL: '',
      NEXTAUTH_URL: `http://localhost:${port}`,
      PUBLIC_URL: base,
      ADMIN_USERNAME: admin.username,
      ADMIN_PASSWORD: admin.password,
      LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let stopping = false;
  const stop = async (code: number) => {
    stopping = true;
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await fake.close();
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
  child.once('exit', (code) => {
    if (stopping) return; // our own Ctrl-C: stop() finishes
    console.error(`demo: the panel exited (${code})`);
    void fake.close().then(() => process.exit(1));
  });

  for (const deadline = Date.now() + 120_000; ; ) {
    try {
      if ((await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(3_000) })).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the panel did not become healthy within 2 minutes');
    await sleep(250);
  }

  // Sign in the way any script does (csrf, then the credentials callback), then use the admin API.
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(';')[0]);
  const login = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; ') },
    body: new URLSearchParams({ csrfToken, username: admin.username, password: admin.password, json: 'true' }),
  });
  jar.push(...login.headers.getSetCookie().map((c) => c.split(';')[0]));
  const cookie = jar.join('; ');
  const api = async <T>(p: string, method = 'GET', body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${p}`, { method, headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const json = (await res.json()) as T;
    if (res.status >= 400) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  const upstream = await api<{ id: string }>('/api/upstream', 'POST', { name: 'Demo provider', serverUrl: fake.url, username: fake.username, password: provider.password, syncIntervalMinutes: 0 });
  const { jobs } = await api<{ jobs: { id: string }[] }>('/api/sync/now', 'POST', { upstreamId: upstream.id });
  for (const deadline = Date.now() + 120_000; ; ) {
    const job = await api<{ status: string; error: string | null }>(`/api/sync/jobs/${jobs[0].id}`);
    if (job.status === 'succeeded') break;
    if (!['queued', 'running'].includes(job.status) || Date.now() > deadline) throw new Error(`the demo sync ended as ${job.status}: ${job.error}`);
    await sleep(250);
  }
  const movieUrl = `${fake.url}/movie/${fake.username}/${provider.password}/${fake.catalog.vod[0].id}.${fake.catalog.vod[0].extension}`;
  await api('/api/content/local', 'POST', { title: 'Demo home movie', streamUrl: movieUrl, genre: ['Demo'], releaseYear: 2026, category: 'Home videos' });
  const series = await api<{ id: string }>('/api/content/local', 'POST', { title: 'Demo home series', contentType: 'series', category: 'Home videos' });
  await api(`/api/content/local/${series.id}/episodes`, 'POST', { season: 1, episode: 1, title: 'The first one', streamUrl: movieUrl });
  const player = { username: 'demo', password: crypto.randomBytes(6).toString('hex') };
  await api('/api/lines', 'POST', { ...player, maxConnections: 4, notes: 'created by npm run demo' });

  const q = new URLSearchParams(player);
  const live = (await (await fetch(`${base}/player_api.php?${new URLSearchParams({ ...player, action: 'get_live_streams' })}`)).json()) as { stream_id: number; name: string }[];
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    [
      '',
      `NeroPanel demo is ready (${seconds} s)`,
      '',
      `  Panel:          ${base}/`,
      `  Admin login:    ${admin.username} / ${admin.password}`,
      '',
      '  Xtream (any IPTV player):',
      `    Server:       ${base}`,
      `    Username:     ${player.username}`,
      `    Password:     ${player.password}`,
      `  M3U playlist:   ${base}/get.php?${q}&type=m3u_plus&output=ts`,
      `  XMLTV guide:    ${base}/xmltv.php?${q}`,
      `  A channel:      ${base}/live/${player.username}/${player.password}/${live[0].stream_id}.ts  (${live[0].name})`,
      '',
      `  Data directory: ${dataDir}`,
      '  Ctrl-C stops the panel and the fake provider.',
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  console.error(`demo: ${(err as Error).message}`);
  process.exit(1);
});
