// Failure counting for sign-ins: the admin's (lib/auth) and the players' (lib/lines) use the same limiter,
// shared between replicas through Redis by ./shared-failure-limiter.ts.

export interface FailureLimit {
  /** Failures allowed inside the window; the next attempt is refused. */
  maxFailures: number;
  windowMs: number;
  blockMs: number;
}

interface Entry {
  failures: number[];
  blockedUntil: number;
}

/**
 * Counts failed attempts per key (e.g. "ip|username") in a sliding window and blocks the key for a
 * while once the limit is reached. A success clears the key. Memory is bounded by pruning on write.
 */
export class FailureLimiter {
  private entries = new Map<string, Entry>();
  constructor(readonly limit: FailureLimit) {}

  /** Milliseconds until the key may try again, or 0. */
  blockedFor(key: string, now = Date.now()): number {
    const e = this.entries.get(key);
    return e && e.blockedUntil > now ? e.blockedUntil - now : 0;
  }

  recordFailure(key: string, now = Date.now()): void {
    const e = this.entries.get(key) ?? { failures: [], blockedUntil: 0 };
    e.failures = e.failures.filter((t) => now - t < this.limit.windowMs);
    e.failures.push(now);
    if (e.failures.length >= this.limit.maxFailures) {
      e.blockedUntil = now + this.limit.blockMs;
      e.failures = [];
    }
    this.entries.set(key, e);
    if (this.entries.size > 10_000) this.prune(now);
  }

  recordSuccess(key: string): void {
    this.entries.delete(key);
  }

  hasEntry(key: string): boolean {
    return this.entries.has(key);
  }

  private prune(now: number): void {
    for (const [key, e] of this.entries) {
      if (e.blockedUntil <= now && e.failures.every((t) => now - t >= this.limit.windowMs)) this.entries.delete(key);
    }
  }
}
