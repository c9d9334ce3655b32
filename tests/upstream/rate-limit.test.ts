import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamClient } from '@/lib/upstream';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';

let fake: FakeUpstream;
beforeAll(async () => {
  fake = await startFakeUpstream();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function gaps(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - times[i]);
}

describe('per-upstream rate limit', () => {
  it('sends a small burst, then spaces requests at the configured rate', async () => {
    const client = new UpstreamClient({
      serverUrl: fake.url, username: 'user', password: 'pass', key: 'rate-test-a', rateLimit: { perSecond: 10, burst: 2 },
    });
    await Promise.all(Array.from({ length: 8 }, () => client.categories('live')));
    const times = fake.requests.map((r) => r.at);
    expect(times).toHaveLength(8);
    // After the burst of 2, six requests at 10/s: at least ~600 ms in all. Single gaps are measured at
    // arrival and jitter on a loaded machine, so the bound is on their sum, and no gap is near zero.
    expect(times[7] - times[0]).toBeGreaterThanOrEqual(500); // 600 in theory; timer jitter shortens it a little
    expect(Math.min(...gaps(times).slice(2))).toBeGreaterThanOrEqual(40);
  });

  it('clients with the same key share one budget; other keys do not wait', async () => {
    const options = { serverUrl: fake.url, username: 'user', password: 'pass', rateLimit: { perSecond: 5, burst: 1 } };
    const first = new UpstreamClient({ ...options, key: 'rate-test-shared' });
    const second = new UpstreamClient({ ...options, key: 'rate-test-shared' });
    const other = new UpstreamClient({ ...options, key: 'rate-test-other' });
    const started = performance.now();
    await Promise.all([first.login(), second.login(), first.login()]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(370);
    const alone = performance.now();
    await other.login();
    expect(performance.now() - alone).toBeLessThan(300); // far below the ~400 ms the shared key waits
  });
});
