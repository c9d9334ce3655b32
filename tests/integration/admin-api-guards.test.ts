import { beforeAll, describe, expect, test } from 'vitest';
import { withFreshDatabase } from '../helpers/database';
import { call, concrete, discoverApiRoutes, makeUser, type ApiRoute, type TestUser } from '../helpers/admin-api';
import { forgetSetupState } from '@/lib/setup/first-run';

withFreshDatabase();

// API.md: open without a session. Everything else under /api is admin API.
const OPEN = new Set(['/api/health', '/api/setup', '/api/auth/[...nextauth]']);
const MUTATING = ['POST', 'PUT', 'PATCH', 'DELETE'];
// Not a resource: unknown /api paths answer 404 JSON to anyone signed in.
const CATCH_ALL = '/api/[...path]';
// Metrics are for admins and scrapers with a token, not viewers (API.md); API tokens are credentials.
const ADMIN_ONLY_READS = new Set(['/api/metrics', '/api/tokens']);
// Reads that need a query parameter (without it they answer 400): asked with a well-formed one.
const SAMPLE_QUERY: Record<string, string> = { '/api/routing-rules/resolve': '?publicId=1' };

let routes: ApiRoute[];
let viewer: TestUser;
let admin: TestUser;

beforeAll(async () => {
  forgetSetupState();
  routes = await discoverApiRoutes();
  admin = await makeUser('root-admin', 'admin');
  viewer = await makeUser('just-looking', 'viewer');
});

describe('every admin API route', () => {
  test('the route table was discovered (users, health, metrics at least)', () => {
    const patterns = routes.map((r) => r.pattern);
    expect(patterns).toEqual(expect.arrayContaining(['/api/users', '/api/users/[id]', '/api/health', '/api/metrics']));
  });

  test('answers 401 JSON without a session', async () => {
    for (const route of routes.filter((r) => !OPEN.has(r.pattern))) {
      for (const [method, handler] of Object.entries(route.methods)) {
        const { url, params } = concrete(route.pattern);
        const res = await call(handler, url, { method, params, body: method === 'GET' || method === 'DELETE' ? undefined : { nonsense: true } });
        expect({ route: `${method} ${route.pattern}`, status: res.status, code: res.json?.error?.code }).toEqual({
          route: `${method} ${route.pattern}`,
          status: 401,
          code: 'unauthorized',
        });
      }
    }
  });

  test('a viewer gets 403 on every mutating route, before any input check', async () => {
    for (const route of routes.filter((r) => !OPEN.has(r.pattern) && r.pattern !== CATCH_ALL)) {
      for (const [method, handler] of Object.entries(route.methods)) {
        if (!MUTATING.includes(method)) continue;
        const { url, params } = concrete(route.pattern);
        const res = await call(handler, url, { method, params, cookie: viewer.cookie, rawBody: '{not json' });
        expect({ route: `${method} ${route.pattern}`, status: res.status }).toEqual({ route: `${method} ${route.pattern}`, status: 403 });
        expect(res.json.error.code).toBe('forbidden');
      }
    }
  });

  test('a viewer may read every GET route', async () => {
    for (const route of routes.filter((r) => !OPEN.has(r.pattern) && r.methods.GET)) {
      const { url, params } = concrete(route.pattern);
      const res = await call(route.methods.GET, url + (SAMPLE_QUERY[route.pattern] ?? ''), { params, cookie: viewer.cookie });
      const allowed = ADMIN_ONLY_READS.has(route.pattern) ? [403] : [200, 404];
      expect(allowed, `${route.pattern} answered ${res.status}`).toContain(res.status);
    }
  });

  test('bad input to every route with a body is a 400 with field messages', async () => {
    for (const route of routes.filter((r) => !OPEN.has(r.pattern) && r.pattern !== CATCH_ALL)) {
      for (const [method, handler] of Object.entries(route.methods)) {
        if (!['POST', 'PUT', 'PATCH'].includes(method)) continue;
        const { url, params } = concrete(route.pattern);
        for (const init of [{ rawBody: '{not json' }, { body: { definitelyNotAField: 1 } }, { body: [] }]) {
          const res = await call(handler, url, { method, params, cookie: admin.cookie, ...init });
          expect({ route: `${method} ${route.pattern}`, status: res.status }).toEqual({ route: `${method} ${route.pattern}`, status: 400 });
          expect(res.json.error.code).toBe('validation_failed');
          expect(Object.keys(res.json.error.fields ?? {}).length).toBeGreaterThan(0);
        }
      }
    }
  });

  test('no answer is HTML or carries a stack trace', async () => {
    for (const route of routes) {
      for (const [method, handler] of Object.entries(route.methods)) {
        if (route.pattern === '/api/auth/[...nextauth]') continue;
        const { url, params } = concrete(route.pattern);
        const res = await call(handler, url, { method, params, cookie: admin.cookie, rawBody: method === 'GET' ? undefined : '\u0000' });
        expect(res.text).not.toMatch(/<html|at \w+ \(|node_modules/i);
      }
    }
  });
});
