// After `next build`: complete the standalone output so `node .next/standalone/server.js` serves
// static assets and finds its schema (the server chdirs into .next/standalone).
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { projectRoot } from './build-state.mjs';

const OUR_MARK = 'neropanel-server';

const root = projectRoot;
const standalone = path.join(root, '.next', 'standalone');

if (!fs.existsSync(path.join(standalone, 'server.js'))) {
  console.error(
    `postbuild: ${path.relative(root, standalone)}/server.js is missing. Is \`output: 'standalone'\` still set in next.config.js?`,
  );
  process.exit(1);
}

/** Replaces `to` with a copy of `from` (a file or a directory); returns false when `from` is absent. */
function copy(from, to) {
  if (!fs.existsSync(from)) return false;
  fs.rmSync(to, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(from, to, { recursive: true, preserveTimestamps: true });
  return true;
}

const steps = [
  ['public', 'public'],
  ['.next/static', '.next/static'],
  ['init.sql', 'init.sql'],
  ['db/migrations', 'db/migrations'],
];

const required = new Set(['.next/static', 'init.sql']);
let failed = false;
for (const [src, dest] of steps) {
  const ok = copy(path.join(root, src), path.join(standalone, dest));
  if (ok) console.log(`postbuild: ${src} -> .next/standalone/${dest}`);
  else if (required.has(src)) {
    console.error(`postbuild: ${src} is missing`);
    failed = true;
  }
}
if (failed) process.exit(1);

// The production entry: server/standalone.ts (the Xtream surface on node:http, the rest through Next)
// bundled over Next's generated server.js, which stays beside it as next-server.js. Next, the database
// drivers (PGlite's WASM files, pg's optional native parts) and pino (worker threads) come from the
// standalone node_modules, where Next's trace put them the way this bundle loads them; everything else
// is bundled, since the trace copies only the files Next's own bundles reach (bcryptjs's ESM entry but
// not its CommonJS one, part of zod).
const nextServer = path.join(standalone, 'next-server.js');
const entry = path.join(standalone, 'server.js');
if (!fs.readFileSync(entry, 'utf8').includes(OUR_MARK)) fs.renameSync(entry, nextServer);
const external = ['next', '@electric-sql/pglite', 'pg', 'pino'];
try {
  await esbuild.build({
    entryPoints: [path.join(root, 'server', 'standalone.ts')],
    outfile: entry,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    tsconfig: path.join(root, 'tsconfig.json'),
    external: external.flatMap((name) => [name, `${name}/*`]),
    banner: { js: `// ${OUR_MARK}: bundled from server/standalone.ts by scripts/postbuild.mjs` },
    logLevel: 'warning',
  });
  console.log('postbuild: server/standalone.ts -> .next/standalone/server.js (Next\'s own: next-server.js)');
} catch (err) {
  console.error(`postbuild: bundling server/standalone.ts failed: ${err.message}`);
  process.exit(1);
}
