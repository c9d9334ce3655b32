import path from 'node:path';

/**
 * DATA_DIR as an absolute path: `data/` under the project root (where the server runs) by default;
 * a relative value is taken from there too.
 */
export function resolveDataDir(configured: string | undefined): string {
  const root = process.cwd();
  if (!configured) return path.join(root, 'data');
  return path.isAbsolute(configured) ? configured : path.resolve(/*turbopackIgnore: true*/ root, configured);
}
