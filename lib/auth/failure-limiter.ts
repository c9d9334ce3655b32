import { sharedState } from '@/lib/shared-state/current';
import { SharedFailureLimiter } from '@/lib/shared-state/failure-limiter';
import { processState } from '@/lib/state';

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

/**
 * Admin sign-in: 5 failures for one username from one IP within 15 minutes block that pair for 15
 * minutes; 30 failures from one IP across usernames block the IP for 15 minutes. Counted across
 * replicas when Redis is configured.
 */
export const adminLoginLimiter = processState(
  'adminLoginLimiter',
  () => new SharedFailureLimiter('admin', new FailureLimiter({ maxFailures: 5, windowMs: 15 * 60_000, blockMs: 15 * 60_000 }), sharedState),
);

export const adminLoginKey = (ip: string, username: string) => `${ip}|${username.trim().toLowerCase()}`;

export const adminIpLimiter = processState(
  'adminIpLimiter',
  () => new SharedFailureLimiter('admin-ip', new FailureLimiter({ maxFailures: 30, windowMs: 15 * 60_000, blockMs: 15 * 60_000 }), sharedState),
);
