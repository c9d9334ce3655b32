import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamClient, UpstreamError } from '@/lib/upstream';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';

const password = 'Zq9-s3cret-Xy';

function forceGc(): () => void {
  if (typeof global.gc === 'function') return global.gc;
  v8.setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

describe('streamList on a 100,000-movie list', () => {
  let fake: FakeUpstream;
  beforeAll(async () => {
    fake = await startFakeUpstream({ vod: 100_000, live: 10, series: 10, password });
  });
  afterAll(() => fake.close());

  it('counts every movie while the retained heap stays under half the JSON size', async () => {
    const gc = forceGc();
    const client = new UpstreamClient({ serverUrl: fake.url, username: 'user', password });
    // Measure the JSON size with a plain request first (this one holds it whole, on purpose).
    const body = await fetch(`${fake.url}/player_api.php?username=user&password=${password}&action=get_vod_streams`);
    const jsonBytes = (await body.arrayBuffer()).byteLength;
    expect(jsonBytes).toBeGreaterThan(20 * 1024 * 1024);

    gc();
    const before = process.memoryUsage().heapUsed;
    let peakRetained = 0;
    const ids = new Set<string>();
    let last = '';
    const totals = await client.streamList('vod', (movie) => {
      last = movie.streamId;
      if (ids.size < 10) ids.add(movie.streamId);
      if (Number(movie.streamId) % 10_000 === 0) {
        gc();
        peakRetained = Math.max(peakRetained, process.memoryUsage().heapUsed - before);
      }
    });
    expect(totals).toEqual({ count: 100_000, skipped: 0 });
    expect(last).toBe(String(fake.catalog.vod[99_999].id));
    // Sampled 10 times during the parse, after a full collection: what the parse keeps alive.
    expect(peakRetained).toBeLessThan(jsonBytes / 2);
  }, 120_000); // 100k movies parsed with ten full collections: slow on a busy machine

  it('awaits onItem before reading on (backpressure)', async () => {
    const client = new UpstreamClient({ serverUrl: fake.url, username: 'user', password });
    let inFlight = 0;
    let maxInFlight = 0;
    let seen = 0;
    const totals = await client.streamList('vod', async () => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      seen += 1;
      if (seen % 1000 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight -= 1;
    });
    expect(totals.count).toBe(100_000);
    expect(maxInFlight).toBe(1);
  }, 120_000); // the same 100k movies as above: past 30 s on a busy machine (load 13-19, 2 cores)
});

describe('streamList failures', () => {
  let fake: FakeUpstream;
  let client: UpstreamClient;
  beforeAll(async () => {
    fake = await startFakeUpstream({ vod: 5000, password });
    client = new UpstreamClient({ serverUrl: fake.url, username: 'user', password, rateLimit: { perSecond: 0, burst: 1 }, retry: { attempts: 3, baseDelayMs: 10 } });
  });
  afterAll(() => fake.close());

  async function failure(run: () => Promise<unknown>): Promise<UpstreamError> {
    const error = await run().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UpstreamError);
    const upstreamError = error as UpstreamError;
    expect(upstreamError.message).not.toContain(password);
    expect(upstreamError.detail ?? '').not.toContain(password);
    return upstreamError;
  }

  it('a reset mid-list rejects with network after some items, without retrying', async () => {
    fake.reset();
    fake.quirks.resetMidList = 'get_vod_streams';
    let seen = 0;
    const error = await failure(() => client.streamList('vod', () => void (seen += 1)));
    expect(error.code).toBe('network');
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(5000);
    expect(fake.requests).toHaveLength(1);
  });

  it('[] is a success with count 0', async () => {
    fake.reset();
    fake.quirks.emptyList = 'get_vod_streams';
    expect(await client.streamList('vod', () => undefined)).toEqual({ count: 0, skipped: 0 });
  });

  it('bad credentials on a list → bad_credentials', async () => {
    fake.reset();
    const wrong = new UpstreamClient({ serverUrl: fake.url, username: 'user', password: `${password}x`, rateLimit: { perSecond: 0, burst: 1 } });
    const error = await failure(() => wrong.streamList('vod', () => undefined));
    expect(error.code).toBe('bad_credentials');
    expect(error.message).not.toContain(`${password}x`);
  });

  it('an inactive account (login payload instead of a list) → invalid_response', async () => {
    fake.reset();
    fake.account.status = 'Expired';
    expect((await failure(() => client.streamList('live', () => undefined))).code).toBe('invalid_response');
    expect((await failure(() => client.categories('live'))).code).toBe('invalid_response');
  });

  it.each([
    ['htmlError', 'not_xtream'],
    ['errorObject', 'invalid_response'],
  ] as const)('%s → %s', async (quirk, code) => {
    fake.reset();
    fake.quirks[quirk] = true;
    expect((await failure(() => client.streamList('series', () => undefined))).code).toBe(code);
    expect((await failure(() => client.categories('series'))).code).toBe(code);
  });

  it('a 500 on the first try is retried; later pages are not fetched twice', async () => {
    fake.reset();
    fake.quirks.status500Times = 1;
    expect(await client.streamList('vod', () => undefined)).toEqual({ count: 5000, skipped: 0 });
    expect(fake.requests).toHaveLength(2);
  });

  it('a ban → banned', async () => {
    fake.reset();
    fake.quirks.banAfter = { requests: 1, windowMs: 60_000 };
    await client.login();
    expect((await failure(() => client.streamList('vod', () => undefined))).code).toBe('banned');
  });

  it('an abort signal stops the list', async () => {
    fake.reset();
    const controller = new AbortController();
    let seen = 0;
    const run = client.streamList('vod', () => {
      seen += 1;
      if (seen === 10) controller.abort(new Error('stopped by test'));
    }, { signal: controller.signal });
    await expect(run).rejects.toThrow('stopped by test');
    expect(seen).toBeLessThan(5000);
  });

  it('category_id filters the list', async () => {
    fake.reset();
    const ids: string[] = [];
    await client.streamList('vod', (m) => void ids.push(m.categoryId ?? ''), { categoryId: '101' });
    // Items of 105 whose category_ids also hold 101 count as members of 101.
    expect(ids.length).toBe(fake.catalog.vod.filter((m) => m.categoryIds.includes(101)).length);
    expect(new Set(ids)).toEqual(new Set(['101', '105']));
  });
});
