import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { maskUrl, openUrlSource, urlSecrets } from './url-source';

let server: http.Server;
let base = '';
const seen: { path: string; userAgent: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? '', userAgent: String(req.headers['user-agent'] ?? '') });
    if (req.url?.startsWith('/guide')) return void res.end('<tv></tv>');
    if (req.url === '/to-metadata') return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
    if (req.url === '/to-self') return void res.writeHead(302, { location: '/guide?hop=1' }).end();
    if (req.url === '/big') return void res.end(Buffer.alloc(300_000, 'x'));
    if (req.url?.startsWith('/denied')) return void res.writeHead(403).end('forbidden');
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function read(url: string, opts: Partial<Parameters<typeof openUrlSource>[1]> = {}) {
  const opened = await openUrlSource(url, { timeoutMs: 5000, rateKey: `t-${Math.random()}`, maxBytes: 1 << 20, ...opts });
  try {
    let text = '';
    for await (const chunk of opened.body) text += chunk.toString('utf8');
    return text;
  } finally {
    opened.close();
  }
}

describe('openUrlSource', () => {
  test("sends the configured User-Agent and follows a redirect on the configured host", async () => {
    expect(await read(`${base}/to-self`, { userAgent: 'Guide-Agent/1' })).toBe('<tv></tv>');
    expect(seen.filter((s) => s.path.startsWith('/guide?hop=1')).map((s) => s.userAgent)).toEqual(['Guide-Agent/1']);
  });

  test('refuses a redirect to a non-public address (SSRF guard)', async () => {
    await expect(read(`${base}/to-metadata`)).rejects.toThrow(/non-public/);
  });

  test('stops a download past the size cap', async () => {
    await expect(read(`${base}/big`, { maxBytes: 100_000 })).rejects.toThrow(/larger than/);
  });

  test('errors name the status, never the URL credentials', async () => {
    const err = await read(`${base}/denied?password=hunter2-secret`).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/403/);
    expect(`${(err as Error).message} ${(err as { detail?: string }).detail ?? ''}`).not.toContain('hunter2-secret');
  });
});

describe('URL secrets', () => {
  test('urlSecrets lists user-info and query values; maskUrl hides them', () => {
    const url = 'http://user:pass-1234@h.example/get.php?username=alice1&password=s3cret-9&type=m3u';
    expect(urlSecrets(url).sort()).toEqual(['alice1', 'm3u', 'pass-1234', 's3cret-9', 'user'].filter((s) => s.length >= 4).sort());
    const masked = maskUrl(url);
    expect(masked).not.toMatch(/pass-1234|s3cret-9|alice1/);
    expect(masked).toContain('h.example/get.php');
  });
});
