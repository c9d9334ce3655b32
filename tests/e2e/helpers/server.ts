import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const projectRoot = path.resolve(__dirname, '..', '..', '..');
/**
 * Where the server runs from: scripts/e2e.mjs lays the build out in a private folder (E2E_APP_DIR,
 * like the image's /app: dist/, .next/, node_modules...) so a concurrent `npm run build` cannot disturb
 * a run; plain `vitest --config vitest.e2e.config.mts` runs the project's own build.
 */
export const appDir = process.env.E2E_APP_DIR || projectRoot;

export interface Panel {
  baseUrl: string;
  port: number;
  dataDir: string;
  /** The environment the server was started with. */
  env: Record<string, string>;
  /** Everything the server printed so far (stdout and stderr). */
  logs(): string;
  /** SIGTERM, then SIGKILL after 15 s; resolves when the process has exited. Removes a data dir
   * the helper created unless `keepData`. */
  stop(opts?: { keepData?: boolean }): Promise<void>;
  /** Sends `signal` (a crash: SIGKILL) and resolves with the exit code or signal once the process is gone; the data dir stays. */
  kill(signal: NodeJS.Signals): Promise<number | NodeJS.Signals | null>;
}

export interface StartOptions {
  /** Extra environment (ADMIN_USERNAME, DATABASE_URL...); `undefined` values are left out. */
  env?: Record<string, string | undefined>;
  /** Reuse a data dir (a restart); by default a fresh temp dir. */
  dataDir?: string;
  /** Milliseconds to wait for /api/health to answer 200. */
  readyTimeoutMs?: number;
  /** `npm run dev` (scripts/dev.mjs: the same entry with next({ dev: true })) instead of the build. */
  dev?: boolean;
}

// Variables of the test process that must not leak into the server: it gets exactly what the
// Docker image would have plus what the test passes.
const SCRUB = [
  'DATABASE_URL',
  'TEST_DATABASE_URL',
  'DATA_DIR',
  'APP_SECRET',
  'NEXTAUTH_SECRET',
  'NEXTAUTH_URL',
  'ADMIN_USERNAME',
  'ADMIN_PASSWORD',
  'PORT',
  'HOSTNAME',
  'PUBLIC_URL',
  'REDIS_URL',
  'METRICS_TOKEN',
  'LOG_LEVEL',
  'TRUSTED_PROXIES',
  'NODE_ENV',
  'NODE_OPTIONS',
];

/** A TCP port nobody listens on right now (never 3000, where a developer's panel may run). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.unref();
      srv.on('error', reject);
      srv.listen(0, '0.0.0.0', () => {
        const { port } = srv.address() as net.AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    if (port !== 3000) return port;
  }
}

/** The test process's environment without anything that configures the panel or vitest. */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || SCRUB.includes(k) || k.startsWith('VITEST') || k.startsWith('__VITEST')) continue;
    env[k] = v;
  }
  return env;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the production server the way the Docker image does: `node dist/server.js` in the app
 * folder with PORT, HOSTNAME=0.0.0.0, NODE_ENV=production and DATA_DIR, on a free port, and waits
 * until `GET /api/health` answers 200.
 */
export async function startPanel(opts: StartOptions = {}): Promise<Panel> {
  const server = opts.dev ? path.join(projectRoot, 'scripts', 'dev.mjs') : path.join(appDir, 'dist', 'server.js');
  if (!fs.existsSync(server)) throw new Error(`${server} is missing: run \`npm run build\` (npm run test:e2e does)`);

  const ownsDataDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'neropanel-e2e-'));
  const port = await freePort();
  const env: Record<string, string> = {
    ...baseEnv(),
    NODE_ENV: opts.dev ? 'development' : 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(port),
    HOSTNAME: '0.0.0.0',
    DATA_DIR: dataDir,
    NEXTAUTH_URL: `http://localhost:${port}`,
  };
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }

  let output = '';
  const child: ChildProcess = spawn(process.execPath, [server], {
    cwd: opts.dev ? projectRoot : appDir,
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
    if (process.env.E2E_SERVER_LOG) process.stderr.write(chunk);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

  let stopped = false;
  const stop = async ({ keepData = false } = {}) => {
    if (!stopped) {
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(killer);
      }
    }
    if (ownsDataDir && !keepData) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 90_000);
  let last = '';
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${tail(output)}`);
    }
    try {
      const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) break;
      last = `HTTP ${res.status} ${(await res.text()).slice(0, 300)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server not healthy after ${opts.readyTimeoutMs ?? 90_000} ms (last: ${last}):\n${tail(output)}`);
    }
    await sleep(250);
  }

  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
    stopped = true;
    return child.exitCode ?? child.signalCode;
  };

  return { baseUrl, port, dataDir, env, logs: () => output, stop, kill };
}

export function tail(text: string, lines = 60): string {
  return text.split('\n').slice(-lines).join('\n');
}

/** Runs `fn` and adds the server's last output to a failure: most e2e failures are explained there. */
export async function withServerLogs(panel: Panel | undefined, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (panel) (err as Error).message += `\n--- server output ---\n${tail(panel.logs(), 40)}`;
    throw err;
  }
}

/** The machine's first non-internal IPv4 address, or undefined. */
export function lanAddress(): string | undefined {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}
