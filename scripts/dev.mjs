// `npm run dev`: the same server entry as production (server/main.ts: the player front, then Next),
// with next({ dev: true }), run through tsx so no build is needed.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from './build-state.mjs';
import { settleEnv } from './settle-env.mjs';

settleEnv('development');
const tsx = path.join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const child = spawn(process.execPath, [tsx, path.join(projectRoot, 'server', 'main.ts')], { stdio: 'inherit', cwd: projectRoot, env: process.env });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
  });
}
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
