import { defineConfig } from 'vitest/config';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));

// End-to-end suites: each file starts the production server (`node .next/standalone/server.js`) and
// headless Chromium, so files run one at a time. Run through `npm run test:e2e` (builds first).
export default defineConfig({
  resolve: { alias: { '@': path.resolve(root) } },
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
});
