// After `next build`: complete the standalone output so `node .next/standalone/server.js` serves
// static assets and finds its schema (the server chdirs into .next/standalone).
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './build-state.mjs';

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
process.exit(failed ? 1 : 0);
