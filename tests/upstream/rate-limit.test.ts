import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamClient } from '@/lib/upstream';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';

let fake: FakeUpstream;
beforeAll(async () => {
  fake = await startFakeUpstream();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe('per-upstream rate limit', () => {
  it('sends a small burst, then spaces requests at the configured rate', async () => {
    const client = new UpstreamClient({
      serverUrl: fake.url, username: 'user', password: 'pass', key: 'rate-test-a', rateLimit: { perSecond: 10, burst: 2 },
    });
    const started = performance.now();
    await Promise.all(Array.from({ length: 8 }, () => client.categories('live')));
    const times = fake.requests.map((r) => r.at).sort((a, b) => a - b);
    expect(times).toHaveLength(8);
    // After the burst of 2, the k-th request may leave no earlier than (k - 1) x 100 ms after the start.
    // A loaded machine only delays requests, so these lower bounds hold however busy it is (gaps between
    // arrivals do not: two late requests can arrive together).
    for (let k = 2; k < 8; k++) expect(times[k] - started, `request ${k}`).toBeGreaterThanOrEqual((k - 1) * 100 - 5);
  });

  it('clients with the same key share one budget; other keys do not wait', async () => {
    const options = { serverUrl: fake.url, username: 'user', password: 'pass', rateLimit: { perSecond: 5, burst: 1 } };
    const first = new UpstreamClient({ ...options, key: 'rate-test-shared' });
    const second = new UpstreamClient({ ...options, key: 'rate-test-shared' });
    const other = new UpstreamClient({ ...options, key: 'rate-test-other' });
    const started = performance.now();
    const done: string[] = [];
    // The other key's login starts with the shared ones: it must not queue behind them. Compared by
    // order of completion, not by a clock bound, so a loaded machine slows both sides alike.
    const otherLogin = other.login().then(() => done.push('other'));
    await Promise.all([first.login(), second.login(), first.login()].map((p) => p.then(() => done.push('shared'))));
    expect(performance.now() - started).toBeGreaterThanOrEqual(370);
    await otherLogin;
    // Three calls at 5/s with a burst of 1: the third one is not even sent before ~400 ms.
    expect(done.indexOf('other')).toBeLessThan(2);
  });
});
