import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { spawn } from 'node:child_process';

/**
 * Creating a PGlite cluster runs initdb inside WebAssembly, and the WASM heap grows to about
 * 640 MB doing it; a WebAssembly memory never shrinks, so a panel that created its database in its
 * own thread kept that for its whole life (measured: 640–800 MB RSS on a first start, 190 MB on every
 * later one). A worker thread released the heap but not all of it: the process kept 130 MB more than
 * before (the thread's malloc arenas and compiled code; measured 84 → 215 MB around a creation,
 * `npm run bench -- scale`). The cluster is therefore created in a short-lived child process, which
 * gives every byte back when it exits; the panel then opens the finished folder like any other start.
 */
const CREATE_IN_CHILD = `
const [dir, pglite] = process.argv.slice(-2);
const { PGlite } = require(pglite);
(async () => {
  const db = new PGlite({ dataDir: dir });
  await db.waitReady;
  await db.close();
})().catch((err) => {
  process.stderr.write(String((err && err.message) || err));
  process.exit(1);
});
`;

/** The package as the server resolves it: from the working directory (npm start, the image, tests), else beside the entry script. */
function resolvePglite(): string {
  const from = [path.join(process.cwd(), 'package.json'), process.argv[1] ? path.resolve(process.argv[1]) : ''].filter(Boolean);
  for (const base of from) {
    try {
      return createRequire(base).resolve('@electric-sql/pglite');
    } catch {
      // try the next place
    }
  }
  throw new Error('cannot find @electric-sql/pglite to create the embedded database');
}

/** True when `dir` already holds a cluster (PostgreSQL writes PG_VERSION at initdb). */
export function pgliteClusterExists(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'PG_VERSION'));
}

/** Creates the cluster in `dir` in a child process (no-op when one exists). */
export async function createPgliteCluster(dir: string): Promise<void> {
  if (pgliteClusterExists(dir)) return;
  fs.mkdirSync(dir, { recursive: true });
  const pglite = resolvePglite();
  const child = spawn(process.execPath, ['-e', CREATE_IN_CHILD, '--', dir, pglite], {
    stdio: ['ignore', 'ignore', 'pipe'],
    // an empty environment: the panel's secrets stay out of the child (node needs none of it)
    env: {} as NodeJS.ProcessEnv,
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c, signal) => resolve(c ?? (signal ? -1 : null)));
  });
  if (code !== 0 || !pgliteClusterExists(dir)) {
    throw new Error(`could not create the embedded database in ${dir}: ${stderr.trim() || `the creation process exited (${code})`}`);
  }
}
