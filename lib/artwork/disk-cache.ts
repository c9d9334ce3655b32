import fs from 'node:fs/promises';
import path from 'node:path';
import { getEnv } from '@/lib/env';
import { resolveDataDir } from '@/lib/env/data-dir';
import { processState } from '@/lib/state';

/** Total size the artwork cache may take on disk; the least recently used images go first. */
export const ARTWORK_CACHE_BYTES = 256 * 1024 * 1024;

const state = processState('artworkCache', () => ({ dir: '', bytes: -1, pruning: undefined as Promise<void> | undefined, limit: ARTWORK_CACHE_BYTES }));

/** The cache folder (DATA_DIR/artwork); tests may point it elsewhere and lower the limit. */
export function configureArtworkCache(opts: { dir?: string; limitBytes?: number }): void {
  if (opts.dir !== undefined) state.dir = opts.dir;
  if (opts.limitBytes !== undefined) state.limit = opts.limitBytes;
  state.bytes = -1;
}

function cacheDir(): string {
  if (!state.dir) state.dir = path.join(resolveDataDir(getEnv().DATA_DIR), 'artwork');
  return state.dir;
}

const fileOf = (key: string) => path.join(cacheDir(), `${key}.img`);
const typeOf = (key: string) => path.join(cacheDir(), `${key}.type`);

/** A cached image; a hit marks it recently used (its mtime). */
export async function readCachedImage(key: string): Promise<{ bytes: Buffer; type: string } | null> {
  try {
    const [bytes, type] = await Promise.all([fs.readFile(fileOf(key)), fs.readFile(typeOf(key), 'utf8')]);
    const now = new Date();
    void fs.utimes(fileOf(key), now, now).catch(() => {});
    return { bytes, type };
  } catch {
    return null;
  }
}

async function usedBytes(): Promise<number> {
  if (state.bytes >= 0) return state.bytes;
  const names = await fs.readdir(cacheDir()).catch(() => [] as string[]);
  let total = 0;
  for (const n of names) if (n.endsWith('.img')) total += (await fs.stat(path.join(cacheDir(), n)).catch(() => ({ size: 0 }))).size;
  state.bytes = total;
  return total;
}

/** Stores an image, then evicts the least recently used ones while the cache is over its limit. */
export async function writeCachedImage(key: string, image: { bytes: Buffer; type: string }): Promise<void> {
  await fs.mkdir(cacheDir(), { recursive: true });
  const tmp = `${fileOf(key)}.${process.pid}.tmp`;
  await fs.writeFile(typeOf(key), image.type);
  await fs.writeFile(tmp, image.bytes);
  await fs.rename(tmp, fileOf(key));
  state.bytes = (await usedBytes()) + image.bytes.length;
  if (state.bytes > state.limit) {
    state.pruning ??= prune().finally(() => (state.pruning = undefined));
    await state.pruning;
  }
}

async function prune(): Promise<void> {
  const dir = cacheDir();
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith('.img'));
  const files = await Promise.all(names.map(async (n) => ({ n, s: await fs.stat(path.join(dir, n)).catch(() => null) })));
  const live = files.filter((f): f is { n: string; s: NonNullable<typeof f.s> } => f.s !== null).sort((a, b) => a.s.mtimeMs - b.s.mtimeMs);
  let total = live.reduce((a, f) => a + f.s.size, 0);
  // Down to 90% so a full cache does not prune on every write.
  for (const f of live) {
    if (total <= state.limit * 0.9) break;
    await fs.rm(path.join(dir, f.n), { force: true });
    await fs.rm(path.join(dir, f.n.replace(/\.img$/, '.type')), { force: true });
    total -= f.s.size;
  }
  state.bytes = total;
}
