import { FailureLimiter } from '@/lib/auth/failure-limiter';
import { processState } from '@/lib/state';

// XTREAM.md §6: 10 failures per (IP, username) within a minute, or 100 per IP across usernames,
// answer 429 for 5 minutes without checking the password.
const pairs = processState('playerLoginPairs', () => new FailureLimiter({ maxFailures: 10, windowMs: 60_000, blockMs: 300_000 }));
const ips = processState('playerLoginIps', () => new FailureLimiter({ maxFailures: 100, windowMs: 60_000, blockMs: 300_000 }));

export function playerLoginBlocked(ip: string, username: string): boolean {
  return pairs.blockedFor(`${ip}|${username}`) > 0 || ips.blockedFor(ip) > 0;
}

export function recordPlayerLoginFailure(ip: string, username: string): void {
  pairs.recordFailure(`${ip}|${username}`);
  ips.recordFailure(ip);
}

export function recordPlayerLoginSuccess(ip: string, username: string): void {
  pairs.recordSuccess(`${ip}|${username}`);
}
