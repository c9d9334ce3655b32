import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Creating a PGlite cluster runs initdb inside WebAssembly, and the WASM heap grows to about
 * 640 MB doing it; a WebAssembly memory never shrinks, so a panel that created its database in its
 * own thread kept that for its whole life (measured: 640–800 MB RSS on a first start, 190 MB on every
 * later one). The cluster is therefore created in a worker thread whose heap is released when it
 * ends; the panel then opens the finished folder like any other start.
 */
const CREATE_IN_WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const { PGlite } = require(workerData.pglite);
(async () => {
  const db = new PGlite({ dataDir: workerData.dir });
  await db.waitReady;
  await db.close();
  parentPort.postMessage({ ok: true });
})().catch((err) => parentPort.postMessage({ ok: false, message: String(err && err.message || err) }));
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

/** Creates the cluster in `dir` in a worker thread (no-op when one exists). */
export async function createPgliteCluster(dir: string): Promise<void> {
  if (pgliteClusterExists(dir)) return;
  fs.mkdirSync(dir, { recursive: true });
  const pglite = resolvePglite();
  const worker = new Worker(CREATE_IN_WORKER, { eval: true, workerData: { dir, pglite } });
  try {
    const result = await new Promise<{ ok: boolean; message?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the database creation thread exited (${code})`)));
    });
    if (!result.ok) throw new Error(`could not create the embedded database in ${dir}: ${result.message}`);
  } finally {
    await worker.terminate();
  }
}
