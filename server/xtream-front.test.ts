import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { routeXtream } from './xtream-front';

// next.config.js rewrites the root paths to the Pages API routes (dev server, and anything the front
// does not take); the front routes the same paths itself in production. The two tables must agree.
const root = path.resolve(__dirname, '..');

type Rewrite = { source: string; destination: string };
async function rewrites(): Promise<{ beforeFiles: Rewrite[]; fallback: Rewrite[] }> {
  const config = (await import(path.join(root, 'next.config.js'))).default as { rewrites: () => Promise<{ beforeFiles: Rewrite[]; fallback: Rewrite[] }> };
  return config.rewrites();
}

/** The page module a rewrite's destination names, e.g. /api/xtream/live/:u/:p/:stream. */
async function pageHandler(destination: string): Promise<unknown> {
  const base = path.join(root, 'pages', destination.replace(/:(\w+)/g, '[$1]'));
  const file = fs.existsSync(`${base}.ts`) ? `${base}.ts` : path.join(base, 'index.ts');
  return (await import(file)).default;
}

test('every beforeFiles rewrite is routed by the front to the same handler, with the same parameters', async () => {
  const { beforeFiles } = await rewrites();
  expect(beforeFiles.length).toBeGreaterThanOrEqual(11);
  for (const { source, destination } of beforeFiles) {
    const sample: Record<string, string> = {};
    const pathname = source.replace(/:(\w+)/g, (_, name: string) => (sample[name] = `v-${name}.ts`));
    const route = routeXtream(pathname);
    expect(route, source).not.toBeNull();
    expect(route!.handler, source).toBe(await pageHandler(destination));
    expect(route!.params, source).toEqual(sample);
  }
});

test('the bare stream form, the panel’s own paths and near misses are left to Next', async () => {
  const { fallback } = await rewrites();
  expect(fallback.map((r) => r.source)).toEqual(['/:u/:p/:stream']);
  for (const p of ['/u/p/123', '/api/auth/csrf', '/api/x/1', '/live/u/p', '/live/u/p/1/x', '/live//p/1', '/hls/', '/timeshift/u/p/60/2026-01-01:10-00', '/', '/lines', '/_next/static/x.js', '/movie/u/%zz/1.mp4']) {
    expect(routeXtream(p), p).toBeNull();
  }
});

test('path parameters are percent-decoded once', () => {
  expect(routeXtream('/live/a%40b/p%2Fq/7.ts')?.params).toEqual({ u: 'a@b', p: 'p/q', stream: '7.ts' });
});
