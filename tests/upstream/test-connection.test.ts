import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testUpstreamConnection, type TestConnectionResult } from '@/lib/upstream';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';

// A password that cannot appear by accident in a message ("pass" would match "password=***").
const password = 'Zq9-s3cret-Xy';
let fake: FakeUpstream;

beforeAll(async () => {
  fake = await startFakeUpstream({ password });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function expectFailure(result: TestConnectionResult, code: string): void {
  expect(result.success).toBe(false);
  expect(result.code).toBe(code);
  expect(result.message.length).toBeGreaterThan(10);
  expect(result.message).not.toContain(password);
  expect(result.serverInfo).toBeNull();
  expect(result.userInfo).toBeNull();
}

describe('testUpstreamConnection', () => {
  it('reports the account on success', async () => {
    const result = await testUpstreamConnection({ serverUrl: fake.url, username: 'user', password });
    expect(result).toMatchObject({
      success: true,
      code: null,
      message: 'Connected: account Active, expires 2027-01-01, 2 connections',
      userInfo: { status: 'Active', expiresAt: '2027-01-01T00:00:00.000Z', maxConnections: 2, activeConnections: 0, isTrial: false },
      serverInfo: { url: '127.0.0.1', port: String(fake.port), protocol: 'http', timezone: 'UTC' },
    });
  });

  it('accepts the URL with /player_api.php and credentials in its query', async () => {
    const result = await testUpstreamConnection({
      serverUrl: `${fake.url}/player_api.php?username=user&password=${password}`,
      username: 'user',
      password,
    });
    expect(result.success).toBe(true);
  });

  it('says when the account never expires or is not Active', async () => {
    fake.account.expDate = null;
    fake.account.maxConnections = 1;
    expect((await testUpstreamConnection({ serverUrl: fake.url, username: 'user', password })).message).toBe(
      'Connected: account Active, never expires, 1 connection',
    );
    fake.account.status = 'Expired';
    const expired = await testUpstreamConnection({ serverUrl: fake.url, username: 'user', password });
    expect(expired).toMatchObject({ success: false, code: 'account_inactive', userInfo: { status: 'Expired' } });
  });

  it('wrong credentials → bad_credentials', async () => {
    const result = await testUpstreamConnection({ serverUrl: fake.url, username: 'user', password: `${password}-wrong` });
    expectFailure(result, 'bad_credentials');
    expect(result.message).not.toContain(`${password}-wrong`);
  });

  it('an HTML page → not_xtream', async () => {
    fake.quirks.htmlError = true;
    const result = await testUpstreamConnection({ serverUrl: fake.url, username: 'user', password });
    expectFailure(result, 'not_xtream');
    expect(result.message).toMatch(/HTML page, not the Xtream API/);
  });

  it('an error object → invalid_response quoting the provider', async () => {
    fake.quirks.errorObject = 'Maintenance until 3am';
    const result = await testUpstreamConnection({ serverUrl: fake.url, username: 'user', password });
    expectFailure(result, 'invalid_response');
    expect(result.message).toContain('Maintenance until 3am');
  });

  it('a closed port → refused', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const result = await testUpstreamConnection({ serverUrl: `http://127.0.0.1:${port}`, username: 'user', password });
    expectFailure(result, 'refused');
  });

  it('an unknown host → dns', async () => {
    const result = await testUpstreamConnection({ serverUrl: 'http://no-such-provider.invalid:8080', username: 'user', password });
    expectFailure(result, 'dns');
  });

  it('no answer within the timeout → timeout', async () => {
    fake.quirks.slowMs = 2000;
    const started = performance.now();
    const result = await testUpstreamConnection({ serverUrl: fake.url, username: 'user', password, timeoutSeconds: 0.3 });
    expectFailure(result, 'timeout');
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('a 500 → http_error after retrying three times', async () => {
    fake.quirks.status500Times = 100;
    const result = await testUpstreamConnection({ serverUrl: fake.url, username: 'user', password });
    expectFailure(result, 'http_error');
    expect(fake.requests.filter((r) => r.path === '/player_api.php')).toHaveLength(3);
  });

  it('a 500 that clears up → success on a retry', async () => {
    fake.quirks.status500Times = 2;
    const result = await testUpstreamConnection({ serverUrl: fake.url, username: 'user', password });
    expect(result.success).toBe(true);
    expect(fake.requests).toHaveLength(3);
  });

  it('a ban (403 "Access denied") → banned, without retrying', async () => {
    fake.quirks.banAfter = { requests: 0, windowMs: 60_000 };
    const result = await testUpstreamConnection({ serverUrl: fake.url, username: 'user', password });
    expectFailure(result, 'banned');
    expect(fake.requests).toHaveLength(1);
  });

  it('an HTML 404 (wrong sub-path) → not_xtream', async () => {
    const result = await testUpstreamConnection({ serverUrl: `${fake.url}/wrong`, username: 'user', password });
    expectFailure(result, 'not_xtream');
  });

  it('a URL that is not http(s) → invalid_url', async () => {
    expectFailure(await testUpstreamConnection({ serverUrl: 'ftp://h', username: 'user', password }), 'invalid_url');
  });
});

describe('a provider below a sub-path', () => {
  it('keeps the sub-path of the server URL', async () => {
    const sub = await startFakeUpstream({ password, basePath: '/sub' });
    try {
      const result = await testUpstreamConnection({ serverUrl: `${sub.url}/player_api.php`, username: 'user', password });
      expect(result.success).toBe(true);
      expect(sub.requests[0].path).toBe('/sub/player_api.php');
      const root = await testUpstreamConnection({ serverUrl: `http://127.0.0.1:${sub.port}`, username: 'user', password });
      expect(root.code).toBe('not_xtream');
    } finally {
      await sub.close();
    }
  });
});
