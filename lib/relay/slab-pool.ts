import { processState } from '@/lib/state';

// Live upstream bytes are read straight into slabs of memory that are used again once nothing refers to
// them. Fresh buffers at hundreds of MB/s, kept a few seconds by the ring, would end up in V8's old
// generation and be freed only by full garbage collections (a fifth of the relay's CPU time when measured).

export const SLAB_BYTES = 1024 * 1024;
/** Slabs kept for reuse when idle, per process. */
const MAX_POOLED = 32;

const pool = processState('relaySlabPool', () => ({ free: [] as Buffer[], created: 0, reused: 0 }));

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
    else pool.created += 1;
    this.buf = reused ?? Buffer.allocUnsafeSlow(SLAB_BYTES);
  }

  retain(): void {
    this.refs += 1;
  }

  /** Bound once per slab, so write callbacks do not allocate a closure each. */
  readonly release = (): void => {
    if (--this.refs === 0 && pool.free.length < MAX_POOLED) pool.free.push(this.buf);
  };
}

export function slabPoolStats(): { pooled: number; created: number; reused: number } {
  return { pooled: pool.free.length, created: pool.created, reused: pool.reused };
}
