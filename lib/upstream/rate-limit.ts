import { processState } from '@/lib/state';
export interface RateLimit {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests allowed back to back before spacing starts. */
  burst: number;
}

// Providers ban accounts that fire bursts; 5/s with a burst of 3 is below what panels flag.
export const defaultRateLimit: RateLimit = { perSecond: 5, burst: 3 };

/** Token bucket; `acquire` resolves when the caller may send its request. */
class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  // Waiters are served in order; the tail promise chains them so bursts cannot jump the queue.
  private tail: Promise<void> = Promise.resolve();

  constructor(private limit: RateLimit) {
    this.tokens = limit.burst;
    this.updatedAt = performance.now();
  }

  sameLimit(limit: RateLimit): boolean {
    return this.limit.perSecond === limit.perSecond && this.limit.burst === limit.burst;
  }

  configure(limit: RateLimit): void {
    this.limit = limit;
    this.tokens = Math.min(this.tokens, limit.burst);
  }

  acquire(): Promise<void> {
    const turn = this.tail.then(() => this.take());
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async take(): Promise<void> {
    for (;;) {
      const now = performance.now();
      this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.limit.perSecond);
      this.updatedAt = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const waitMs = ((1 - this.tokens) / this.limit.perSecond) * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(waitMs)));
    }
  }
}

// Next bundles this module several times; the buckets must be shared by all copies.
const buckets = processState('upstreamRateLimits', () => new Map<string, TokenBucket>());
const registry = () => buckets;

/** Waits for a request slot of the upstream `key`; a perSecond of 0 or Infinity means unlimited. */
export function acquireUpstreamSlot(key: string, limit: RateLimit = defaultRateLimit): Promise<void> {
  if (!(limit.perSecond > 0) || !Number.isFinite(limit.perSecond)) return Promise.resolve();
  const normalized = { perSecond: limit.perSecond, burst: Math.max(1, Math.floor(limit.burst)) };
  const buckets = registry();
  let bucket = buckets.get(key);
  if (!bucket) {
    bucket = new TokenBucket(normalized);
    buckets.set(key, bucket);
  } else if (!bucket.sameLimit(normalized)) {
    bucket.configure(normalized);
  }
  return bucket.acquire();
}

/** Changes the limit of an upstream (e.g. after the admin edits it). */
export function setUpstreamRateLimit(key: string, limit: RateLimit): void {
  const bucket = registry().get(key);
  const normalized = { perSecond: limit.perSecond, burst: Math.max(1, Math.floor(limit.burst)) };
  if (bucket) bucket.configure(normalized);
  else registry().set(key, new TokenBucket(normalized));
}

export function forgetUpstreamRateLimit(key: string): void {
  registry().delete(key);
}
