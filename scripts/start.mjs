// `npm start`: run NeroPanel's production server on a bare machine.
// Loads .env, settles DATA_DIR/PORT/HOSTNAME/NEXTAUTH_URL, builds when there is no current build,
// then runs the server (the same `node dist/server.js` the Docker image runs).
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { buildState, projectRoot } from './build-state.mjs';
import { settleEnv } from './settle-env.mjs';

const root = projectRoot;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

settleEnv('production');

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

// 5. Run the server; forward signals; exit with its code.
const child = spawn(process.execPath, [path.join(root, 'dist', 'server.js')], {
  stdio: 'inherit',
  cwd: root,
  // glibc serves 1 MB allocations (the live relay's read slabs) from mmap, so memory freed after a
  // load goes back to the system instead of staying in a fragmented heap (docs/benchmarks.md).
  env: { MALLOC_MMAP_THRESHOLD_: '131072', ...process.env },
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
