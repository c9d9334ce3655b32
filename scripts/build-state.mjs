// Is there a current production build? Shared by scripts/start.mjs and scripts/e2e.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Everything whose change means the standalone build is out of date. */
export const SOURCE_ENTRIES = [
  'app',
  'components',
  'lib',
  'db',
  'pages',
  'server',
  'scripts/postbuild.mjs',
  'public',
  'proxy.ts',
  'instrumentation.ts',
  'next.config.js',
  'package.json',
  'init.sql',
  'tailwind.config.ts',
  'postcss.config.mjs',
  'tsconfig.json',
];

const SKIP_DIRS = new Set(['node_modules', '.next', 'data', '.git']);
// Tests live next to the code but are not part of the build.
const SKIP_FILE = /\.test\.(ts|tsx|mts|js|mjs)$/;

/** The newest source file: `{ file, mtimeMs }`, or null when there is none. */
export function newestSource(root = projectRoot) {
  let newest = null;
  const visit = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return; // missing entry (no pages/, no proxy.ts...) or a file deleted under our feet
    }
    if (st.isDirectory()) {
      if (SKIP_DIRS.has(path.basename(p))) return;
      let names = [];
      try {
        names = fs.readdirSync(p);
      } catch {
        return;
      }
      // A directory's mtime changes when a file is added, removed or renamed in it.
      if (!newest || st.mtimeMs > newest.mtimeMs) newest = { file: p, mtimeMs: st.mtimeMs };
      for (const name of names) visit(path.join(p, name));
    } else if (st.isFile() && !SKIP_FILE.test(p)) {
      if (!newest || st.mtimeMs > newest.mtimeMs) newest = { file: p, mtimeMs: st.mtimeMs };
    }
  };
  for (const entry of SOURCE_ENTRIES) visit(path.join(root, entry));
  return newest;
}

/**
 * `{ current: true }` when `.next/standalone/server.js` exists and `.next/BUILD_ID` is newer than
 * every source file; otherwise `{ current: false, reason }`.
 */
export function buildState(root = projectRoot) {
  const server = path.join(root, '.next', 'standalone', 'server.js');
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!fs.existsSync(server)) return { current: false, reason: 'no build yet (.next/standalone/server.js is missing)' };
  if (!fs.existsSync(buildId)) return { current: false, reason: '.next/BUILD_ID is missing' };
  const builtAt = fs.statSync(buildId).mtimeMs;
  const newest = newestSource(root);
  if (newest && newest.mtimeMs > builtAt) {
    return { current: false, reason: `${path.relative(root, newest.file) || newest.file} changed after the last build` };
  }
  if (!postbuildDone(root)) return { current: false, reason: 'the post-build copy step did not run' };
  return { current: true };
}

/** The post-build step (static files, schema) has run for the current standalone output. */
export function postbuildDone(root = projectRoot) {
  const s = path.join(root, '.next', 'standalone');
  if (!fs.existsSync(path.join(s, 'init.sql'))) return false;
  if (fs.existsSync(path.join(root, '.next', 'static')) && !fs.existsSync(path.join(s, '.next', 'static'))) return false;
  return true;
}
