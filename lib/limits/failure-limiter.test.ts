import { describe, expect, test } from 'vitest';
import { FailureLimiter } from './failure-limiter';

describe('FailureLimiter', () => {
  const limit = { maxFailures: 3, windowMs: 1000, blockMs: 5000 };

  test('blocks a key once it reaches the limit inside the window, for blockMs', () => {
    const l = new FailureLimiter(limit);
    l.recordFailure('k', 0);
    l.recordFailure('k', 100);
    expect(l.blockedFor('k', 200)).toBe(0);
    l.recordFailure('k', 200);
    expect(l.blockedFor('k', 200)).toBe(5000);
    expect(l.blockedFor('k', 5199)).toBe(1);
    expect(l.blockedFor('k', 5200)).toBe(0);
  });

  test('failures outside the window do not add up', () => {
    const l = new FailureLimiter(limit);
    l.recordFailure('k', 0);
    l.recordFailure('k', 600);
    l.recordFailure('k', 1200); // the first fell out of the window
    expect(l.blockedFor('k', 1200)).toBe(0);
  });

  test('a success clears the count; other keys are independent', () => {
    const l = new FailureLimiter(limit);
    l.recordFailure('a', 0);
    l.recordFailure('a', 1);
    l.recordSuccess('a');
    l.recordFailure('a', 2);
    l.recordFailure('b', 2);
    l.recordFailure('b', 3);
    l.recordFailure('b', 4);
    expect(l.blockedFor('a', 5)).toBe(0);
    expect(l.blockedFor('b', 5)).toBeGreaterThan(0);
  });
});
