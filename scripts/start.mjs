// `npm start`: run NeroPanel's production server on a bare machine.
// Loads .env, settles DATA_DIR/PORT/HOSTNAME/NEXTAUTH_URL, builds when there is no current build,
// then runs the standalone server (the same `node server.js` the Docker image runs).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildState, projectRoot } from './build-state.mjs';

const root = projectRoot;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// 1. .env from the project root; variables already set in the environment win.
const envFile = path.join(root, '.env');
if (fs.existsSync(envFile)) {
  try {
    if (typeof process.loadEnvFile === 'function') process.loadEnvFile(envFile); // never overrides what is set
    else loadEnvFallback(envFile);
  } catch (err) {
    console.error(`start: cannot read ${envFile}: ${err.message}`);
    process.exit(1);
  }
}

/** Node < 20.12 has no process.loadEnvFile: KEY=VALUE lines, optional quotes, # comments. */
function loadEnvFallback(file) {
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || m[1] in process.env) continue;
    let value = m[2];
    const q = value[0];
    if ((q === '"' || q === "'") && value.endsWith(q) && value.length >= 2) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    process.env[m[1]] = q === '"' ? value.replace(/\\n/g, '\n') : value;
  }
}

const blank = (name) => process.env[name] === undefined || process.env[name].trim() === '';

// 2. Settle the environment before the server starts (it chdirs into .next/standalone).
//    DATA_DIR must live outside .next: the next build wipes .next/standalone.
process.env.DATA_DIR = blank('DATA_DIR') ? path.join(root, 'data') : path.resolve(root, process.env.DATA_DIR.trim());
if (blank('PORT')) process.env.PORT = '3000';
// Some shells and containers export HOSTNAME as the machine's name; that is not a bind address.
if (blank('HOSTNAME') || process.env.HOSTNAME === os.hostname()) process.env.HOSTNAME = '0.0.0.0';
if (blank('NODE_ENV')) process.env.NODE_ENV = 'production';
if (blank('NEXTAUTH_URL')) {
  process.env.NEXTAUTH_URL = blank('PUBLIC_URL')
    ? `http://localhost:${process.env.PORT}`
    : process.env.PUBLIC_URL.trim().replace(/\/+$/, '');
}
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
    child.on('error', (err) => {
      console.error(`start: cannot run ${cmd}: ${err.message}`);
      resolve({ code: 1, signal: null });
    });
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
}

// 3. Build when there is no current build.
const state = buildState(root);
if (!state.current) {
  console.log(`start: building (${state.reason})`);
  const { code, signal } = await run(npm, ['run', 'build']);
  if (code !== 0) {
    console.error(`start: npm run build failed (${signal ?? `exit code ${code}`})`);
    process.exit(code || 1);
  }
}

// 4. Say where it listens and which database it uses.
function describeDatabase() {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) return `embedded PGlite in ${process.env.DATA_DIR}`;
  try {
    const u = new URL(url);
    const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
    return `PostgreSQL ${user}${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname || ''}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL is not a valid URL)';
  }
}
const host = process.env.HOSTNAME;
const shown = host === '0.0.0.0' || host === '::' ? `http://localhost:${process.env.PORT} (all interfaces)` : `http://${host}:${process.env.PORT}`;
console.log(`NeroPanel listening on ${shown}, database: ${describeDatabase()}`);

// 5. Run the standalone server; forward signals; exit with its code.
const child = spawn(process.execPath, [path.join(root, '.next', 'standalone', 'server.js')], {
  stdio: 'inherit',
  cwd: path.join(root, '.next', 'standalone'),
  env: process.env,
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
  });
}
child.on('error', (err) => {
  console.error(`start: cannot start the server: ${err.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) {
    // Exit the conventional way for a signal (128 + number), without re-raising it on ourselves.
    process.exit(128 + (os.constants.signals[signal] ?? 0));
  }
  process.exit(code ?? 1);
});
