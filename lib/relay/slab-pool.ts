import v8 from 'node:v8';
import vm from 'node:vm';
import { processState } from '@/lib/state';

// Live upstream bytes are read straight into slabs of memory that are used again once nothing refers to
// them. Fresh buffers at hundreds of MB/s, kept a few seconds by the ring, would end up in V8's old
// generation and be freed only by full garbage collections (a fifth of the relay's CPU time when measured).

export const SLAB_BYTES = 1024 * 1024;
/** Slabs kept for reuse when idle, per process: a few spare, so memory comes back after a load. */
const MAX_POOLED = 8;
/** Slabs let go (beyond the pool) since the last collection that make one worth it once the relay is quiet. */
const COLLECT_AFTER_DROPPED = 32;
/** Quiet: no slab made for this long. */
const QUIET_MS = 10_000;

const pool = processState('relaySlabPool', () => ({
  free: [] as Buffer[],
  created: 0,
  reused: 0,
  dropped: 0,
  droppedSinceCollect: 0,
  lastCreated: 0,
  collector: undefined as NodeJS.Timeout | undefined,
}));

/**
 * A slab and who still refers to its bytes: the reader while it fills it, the ring while a chunk of it
 * is kept, and each viewer write until the socket has taken the bytes. At zero it goes back to the pool.
 */
export class Slab {
  readonly buf: Buffer;
  used = 0;
  private refs = 1; // the reader's

  constructor() {
    const reused = pool.free.pop();
    if (reused) pool.reused += 1;
    else {
      pool.created += 1;
      pool.lastCreated = Date.now();
    }
    this.buf = reused ?? Buffer.allocUnsafeSlow(SLAB_BYTES);
  }

  retain(): void {
    this.refs += 1;
  }

  /** Bound once per slab, so write callbacks do not allocate a closure each. */
  readonly release = (): void => {
    if (--this.refs !== 0) return;
    if (pool.free.length < MAX_POOLED) pool.free.push(this.buf);
    else dropped();
  };
}

function dropped() {
  pool.dropped += 1;
  pool.droppedSinceCollect += 1;
  if (pool.droppedSinceCollect >= COLLECT_AFTER_DROPPED && !pool.collector) {
    pool.collector = setTimeout(collectWhenQuiet, QUIET_MS);
    pool.collector.unref();
  }
}

/**
 * After a load, the slabs let go are garbage that an idle process never collects (no allocation, no
 * collection), so RSS would stay at its peak for good. Once the relay is quiet, one full collection
 * gives that memory back.
 */
function collectWhenQuiet() {
  pool.collector = undefined;
  const quietFor = Date.now() - pool.lastCreated;
  if (quietFor < QUIET_MS) {
    pool.collector = setTimeout(collectWhenQuiet, QUIET_MS - quietFor);
    pool.collector.unref();
    return;
  }
  pool.droppedSinceCollect = 0;
  fullCollection()?.();
}

const collector = processState('relayFullCollection', () => ({ fn: undefined as (() => void) | null | undefined }));

/** Made on first need, not at import: only a process that relayed a load gets a collector. */
function fullCollection(): (() => void) | null {
  if (collector.fn !== undefined) return collector.fn;
  if (typeof globalThis.gc === 'function') collector.fn = globalThis.gc;
  else {
    try {
      // Without --expose-gc: the flag set at run time reaches a fresh context's global `gc`.
      v8.setFlagsFromString('--expose-gc');
      collector.fn = vm.runInNewContext('gc') as () => void;
    } catch {
      collector.fn = null;
    }
  }
  return collector.fn;
}

export function slabPoolStats(): { pooled: number; created: number; reused: number; dropped: number } {
  return { pooled: pool.free.length, created: pool.created, reused: pool.reused, dropped: pool.dropped };
}
