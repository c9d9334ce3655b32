import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { testRoots } from './vitest.config.mts';

const root = path.dirname(fileURLToPath(import.meta.url));

// `npm run test:slow`: the *.slow.test.ts files, kept out of `npm test` because each takes tens of
// seconds of real time (ffprobe decoding 20–30 s of a stream through the panel, a database created
// from scratch). They run one file at a time so their real-time bounds keep the machine to themselves.
// .ci/run runs them on PGlite and on PostgreSQL, like `npm test`.
export default defineConfig({
  resolve: { alias: { '@': root } },
  test: {
    include: testRoots.map((dir) => `${dir}*.slow.test.ts`),
    exclude: ['tests/e2e/**', 'node_modules/**'],
    globalSetup: ['tests/global-setup.ts'],
    setupFiles: ['tests/setup-env.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
