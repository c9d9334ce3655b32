// Is there a current production build? Shared by scripts/start.mjs and scripts/e2e.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Everything whose change means the build is out of date. */
export const SOURCE_ENTRIES = [
  'app',
  'components',
  'lib',
  'db',
  'server',
  'scripts/build-server.mjs',
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

const SKIP_DIRS = new Set(['node_modules', '.next', 'dist', 'data', '.git']);
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
 * `{ current: true }` when `dist/server.js` and `.next/BUILD_ID` exist and are newer than every source
 * file; otherwise `{ current: false, reason }`.
 */
export function buildState(root = projectRoot) {
  const server = path.join(root, 'dist', 'server.js');
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!fs.existsSync(buildId)) return { current: false, reason: 'no build yet (.next/BUILD_ID is missing)' };
  if (!fs.existsSync(server)) return { current: false, reason: 'dist/server.js is missing' };
  const builtAt = Math.min(fs.statSync(buildId).mtimeMs, fs.statSync(server).mtimeMs);
  const newest = newestSource(root);
  if (newest && newest.mtimeMs > builtAt) {
    return { current: false, reason: `${path.relative(root, newest.file) || newest.file} changed after the last build` };
  }
  return { current: true };
}
