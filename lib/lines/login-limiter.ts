import { FailureLimiter } from '@/lib/limits/failure-limiter';
import { sharedState } from '@/lib/shared-state/current';
import { SharedFailureLimiter } from '@/lib/limits/shared-failure-limiter';
import { processState } from '@/lib/state';

// XTREAM.md §6: 10 failures per (IP, username) within a minute, or 100 per IP across usernames,
// answer 429 for 5 minutes without checking the password. With Redis, counted across replicas.
const pairs = processState(
  'playerLoginPairs',
  () => new SharedFailureLimiter('player-pair', new FailureLimiter({ maxFailures: 10, windowMs: 60_000, blockMs: 300_000 }), sharedState),
);
const ips = processState(
  'playerLoginIps',
  () => new SharedFailureLimiter('player-ip', new FailureLimiter({ maxFailures: 100, windowMs: 60_000, blockMs: 300_000 }), sharedState),
);

export function playerLoginBlocked(ip: string, username: string): boolean {
  return pairs.blockedFor(`${ip}|${username}`) > 0 || ips.blockedFor(ip) > 0;
}

export async function recordPlayerLoginFailure(ip: string, username: string): Promise<void> {
  await Promise.all([pairs.recordFailure(`${ip}|${username}`), ips.recordFailure(ip)]);
}

export function recordPlayerLoginSuccess(ip: string, username: string): void {
  pairs.recordSuccess(`${ip}|${username}`);
}
