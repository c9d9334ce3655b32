import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));

/** Where `npm test` looks: every *.test.ts beside the code and under tests/ (new files join by name). */
export const testRoots = ['lib/**/', 'server/**/', 'db/**/', 'tests/**/'];

/**
 * Files run in parallel, one more than there are cores: part of a file's time is waiting (on sockets,
 * timers, child processes, its database), and each file has its own process, its own database (a copy
 * of the run's template, tests/global-setup.ts; on PostgreSQL a database made from a template) and
 * its own ports, so they do not collide. Vitest's default is cores − 1: one file at a time on a
 * 2-core machine. More than cores + 1 starved the CPU-bound files (bcrypt, 100k-item parsers, the
 * dependency-cruiser runs) into their time-outs on a loaded 2-core machine (4 workers at load 20).
 * TEST_MAX_WORKERS overrides (1 runs the files one by one, as before).
 */
export const maxWorkers = Number(process.env.TEST_MAX_WORKERS) || os.availableParallelism() + 1;

/**
 * Test files that share their worker process (`isolate: false`): unit tests of lib/ and server/ and the
 * database-free checks of the fake provider, the components and the deploy files. They open no database
 * and put back what they change (env variables, settings objects), so one process can run them one
 * after another: starting a worker and importing the app again cost more than most of these files take
 * (37 lib/server files: 45 s of CPU isolated, 23 s shared). Everything else (a database per file, ports,
 * the process registry of lib/state.ts filled by the app) keeps a fresh process per file, and so do the
 * *.memory.test.ts heap checks: a heap holding earlier files' garbage would make their growth look smaller.
 */
export const sharedProcessRoots = ['lib/**/', 'server/**/', 'tests/upstream/**/', 'tests/components/**/', 'tests/deploy/**/'];

const exclude = ['tests/e2e/**', 'node_modules/**', '**/*.slow.test.ts'];
const sharedProcessFiles = sharedProcessRoots.map((dir) => `${dir}*.test.ts`);
const heapChecks = sharedProcessRoots.map((dir) => `${dir}*.memory.test.ts`);

// `npm test`: unit and integration tests. Real-time media checks (ffprobe decoding tens of seconds of a
// stream, creating a database from scratch) are named *.slow.test.ts and run by `npm run test:slow`
// (vitest.slow.config.mts), which .ci/run runs on both databases too; browser suites are `npm run test:e2e`.
export default defineConfig({
  resolve: { alias: { '@': root } },
  test: {
    setupFiles: ['tests/setup-env.ts'],
    pool: 'forks',
    maxWorkers,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'shared-process', include: sharedProcessFiles, exclude: [...exclude, ...heapChecks], isolate: false } },
      {
        extends: true,
        // The database template (PGlite dump, PostgreSQL template database) only these files use.
        test: { name: 'own-process', include: testRoots.map((dir) => `${dir}*.test.ts`), exclude: [...exclude, ...sharedProcessFiles], globalSetup: ['tests/global-setup.ts'] },
      },
      { extends: true, test: { name: 'heap-checks', include: heapChecks, exclude } },
    ],
  },
});
