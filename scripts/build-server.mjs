// After `next build`: compile the server entry (server/main.ts) to dist/server.js. It runs from the
// project root beside the production node_modules (Next's documented custom-server setup), so every
// package stays external; only the project's own modules (server/, lib/, db/) are bundled.
import path from 'node:path';
import * as esbuild from 'esbuild';
import { projectRoot } from './build-state.mjs';

try {
  await esbuild.build({
    entryPoints: [path.join(projectRoot, 'server', 'main.ts')],
    outfile: path.join(projectRoot, 'dist', 'server.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    tsconfig: path.join(projectRoot, 'tsconfig.json'),
    banner: { js: '// NeroPanel server: bundled from server/main.ts by scripts/build-server.mjs' },
    logLevel: 'warning',
  });
  console.log('build-server: server/main.ts -> dist/server.js');
} catch (err) {
  console.error(`build-server: bundling server/main.ts failed: ${err.message}`);
  process.exit(1);
}
