import { sharedState } from '@/lib/shared-state/current';
import { FailureLimiter } from '@/lib/limits/failure-limiter';
import { SharedFailureLimiter } from '@/lib/limits/shared-failure-limiter';
import { processState } from '@/lib/state';

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
