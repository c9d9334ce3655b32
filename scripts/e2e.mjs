// `npm run test:e2e`: make sure the production build is current, then run the end-to-end suites
// (tests/e2e, vitest.e2e.config.mts) against `node dist/server.js`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildState, projectRoot } from './build-state.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', cwd: projectRoot, env: process.env });
    const forward = (sig) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (err) => {
      console.error(`e2e: cannot run ${cmd}: ${err.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

process.env.NEXT_TELEMETRY_DISABLED ??= '1';

const state = buildState(projectRoot);
if (!state.current) {
  console.log(`e2e: building first (${state.reason})`);
  const code = await run(npm, ['run', 'build']);
  if (code !== 0) {
    console.error(`e2e: npm run build failed (exit code ${code})`);
    process.exit(code);
  }
}

// Run the suites against a private copy of the build, laid out like the Docker image's /app (dist/,
// .next/ without its cache, the schema, next.config.js; node_modules linked): a `npm run build` started
// meanwhile in this tree cannot pull the server or its files out from under a running test.
let appDir = process.env.E2E_APP_DIR;
let ownCopy = false;
if (!appDir) {
  appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'neropanel-e2e-app-'));
  ownCopy = true;
  for (const entry of ['dist', '.next', 'init.sql', 'db/migrations', 'next.config.js', 'package.json', 'public']) {
    const from = path.join(projectRoot, entry);
    if (!fs.existsSync(from)) continue;
    fs.cpSync(from, path.join(appDir, entry), { recursive: true, filter: (src) => !src.startsWith(path.join(projectRoot, '.next', 'cache')) });
  }
  fs.symlinkSync(path.join(projectRoot, 'node_modules'), path.join(appDir, 'node_modules'), 'dir');
  if (!fs.existsSync(path.join(appDir, 'dist', 'server.js')) || !fs.existsSync(path.join(appDir, '.next', 'BUILD_ID'))) {
    console.error('e2e: the build vanished while it was copied (a build running meanwhile?); try again');
    fs.rmSync(appDir, { recursive: true, force: true });
    process.exit(1);
  }
  process.env.E2E_APP_DIR = appDir;
}

const vitest = path.join(projectRoot, 'node_modules', 'vitest', 'vitest.mjs');
const code = await run(process.execPath, [vitest, 'run', '--config', 'vitest.e2e.config.mts', ...process.argv.slice(2)]);
if (ownCopy) fs.rmSync(appDir, { recursive: true, force: true });
process.exit(code);
