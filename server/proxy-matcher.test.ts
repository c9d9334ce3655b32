import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';

// proxy.ts sends a visitor without a session to /login; a page left out of its matcher would render
// its shell (and fail its API calls) instead. Every folder of app/(admin) must be in the matcher.
test('every admin page is guarded by proxy.ts', () => {
  const root = path.resolve(__dirname, '..');
  const source = fs.readFileSync(path.join(root, 'proxy.ts'), 'utf8');
  const matcher = [...source.matchAll(/'(\/[^']*)'/g)].map((m) => m[1]);
  const pages = fs
    .readdirSync(path.join(root, 'app', '(admin)'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `/${d.name}/:path*`);
  expect(pages.length).toBeGreaterThan(5);
  expect(matcher).toContain('/');
  for (const page of pages) expect(matcher, `${page} is missing from proxy.ts`).toContain(page);
});
