import path from 'node:path';
import { Worker } from 'node:worker_threads';
import bcrypt from 'bcryptjs';
import { logger } from '@/lib/monitor/logger';
import { processState } from '@/lib/state';

// A bcrypt check is ~0.2 s of pure CPU. On the event loop (even bcryptjs's "async" mode, which only
// yields every 100 ms) a handful of parallel sign-ins stalls every player request, so checks run one
// at a time on a worker thread, and a sign-in that would wait behind too many others is refused at
// once instead of queueing without bound.
const MAX_WAITING = 4;

// bcryptjs is a server-external package (next.config.js), so the worker loads it from node_modules:
// looked up from the working directory and from the folder above the entry script (dist/server.js,
// server/main.ts), with import() last for an install that holds only its ESM entry.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
async function load() {
  for (const dir of workerData.dirs) {
    try { return require(require.resolve('bcryptjs', { paths: [dir] })); } catch {}
  }
  const m = await import('bcryptjs');
  return m.default ?? m;
}
const loaded = load();
parentPort.on('message', async ({ id, plain, hash }) => {
  let bcrypt;
  try { bcrypt = await loaded; } catch { return parentPort.postMessage({ id, broken: true }); }
  let ok = false;
  try { ok = bcrypt.compareSync(plain, hash); } catch { ok = false; }
  parentPort.postMessage({ id, ok });
});
`;

export class BcryptBusyError extends Error {
  constructor() {
    super('too many sign-in checks in progress');
  }
}

interface Job {
  id: number;
  plain: string;
  hash: string;
  resolve: (ok: boolean) => void;
}

class BcryptChecker {
  private worker: Worker | null = null;
  private broken = false;
  private running: Job | null = null;
  private queue: Job[] = [];
  private nextId = 1;

  compare(plain: string, hash: string): Promise<boolean> {
    if (this.running && this.queue.length >= MAX_WAITING) return Promise.reject(new BcryptBusyError());
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, plain, hash, resolve });
      this.pump();
    });
  }

  private pump() {
    if (this.running) return;
    const job = this.queue.shift();
    if (!job) {
      this.worker?.unref();
      return;
    }
    this.running = job;
    const worker = this.start();
    if (!worker) {
      // No worker (it could not start): still one check at a time, on this thread.
      bcrypt.compare(job.plain, job.hash).then(job.resolve, () => job.resolve(false)).finally(() => this.done());
      return;
    }
    worker.ref();
    worker.postMessage({ id: job.id, plain: job.plain, hash: job.hash });
  }

  private done() {
    this.running = null;
    this.pump();
  }

  private start(): Worker | null {
    if (this.worker || this.broken) return this.worker;
    try {
      const dirs = [process.cwd(), ...(process.argv[1] ? [path.resolve(path.dirname(process.argv[1]), '..')] : [])];
      const worker = new Worker(SOURCE, { eval: true, name: 'bcrypt', workerData: { dirs } });
      worker.on('message', ({ id, ok, broken }: { id: number; ok?: boolean; broken?: boolean }) => {
        if (this.running?.id !== id) return;
        if (broken) return this.fail(new Error('bcryptjs could not be loaded in the worker'));
        this.running.resolve(ok === true);
        this.done();
      });
      worker.on('error', (err) => this.fail(err));
      worker.on('exit', () => {
        if (this.worker !== worker) return;
        this.worker = null;
        if (this.running) this.fail(new Error('bcrypt worker exited'));
      });
      this.worker = worker;
    } catch (err) {
      this.fail(err as Error);
    }
    return this.worker;
  }

  // The worker could not load bcryptjs or died: from now on checks run on this thread (still one at
  // a time), starting with the one in flight.
  private fail(err: Error) {
    if (this.broken) return;
    logger.error({ err: err.message }, 'bcrypt worker failed; checking passwords on the main thread');
    this.broken = true;
    const worker = this.worker;
    this.worker = null;
    void worker?.terminate();
    const job = this.running;
    this.running = null;
    if (job) this.queue.unshift(job);
    this.pump();
  }
}

const checker = processState('bcryptChecker', () => new BcryptChecker());

/** bcrypt.compare off the event loop, at most one at a time; rejects with BcryptBusyError when too many wait. */
export const compareOffThread = (plain: string, hash: string) => checker.compare(plain, hash);
