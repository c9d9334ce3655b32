import { beforeAll, describe, expect, test } from 'vitest';
import { withFreshDatabase } from '../helpers/database';
import { call, makeUser, type TestUser } from '../helpers/admin-api';
import * as users from '@/app/api/users/route';
import * as user from '@/app/api/users/[id]/route';

withFreshDatabase();

let admin: TestUser;
beforeAll(async () => {
  admin = await makeUser('first-admin', 'admin');
});

describe('/api/users', () => {
  test('lists users paginated, never with a password hash', async () => {
    const res = await call(users.GET, '/api/users', { cookie: admin.cookie });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    expect(res.json.items[0]).toMatchObject({ username: 'first-admin', role: 'admin', isActive: true });
    expect(res.text).not.toMatch(/password|\$2[ab]\$/);
  });

  test('pageSize over 500 is a 400 naming the field', async () => {
    const res = await call(users.GET, '/api/users?pageSize=501', { cookie: admin.cookie });
    expect(res.status).toBe(400);
    expect(res.json.error.fields).toHaveProperty('pageSize');
  });

  test('creates a user (201) and refuses a duplicate username (409)', async () => {
    const body = { username: 'ops.viewer', password: 'long-enough-pw', role: 'viewer' };
    const res = await call(users.POST, '/api/users', { method: 'POST', cookie: admin.cookie, body });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ username: 'ops.viewer', role: 'viewer', isActive: true });
    expect(typeof res.json.id).toBe('string');
    const again = await call(users.POST, '/api/users', { method: 'POST', cookie: admin.cookie, body: { ...body, username: 'OPS.viewer' } });
    expect(again.status).toBe(409);
    expect(again.json.error.fields).toHaveProperty('username');
  });

  test('field messages for a short password and a bad role', async () => {
    const res = await call(users.POST, '/api/users', { method: 'POST', cookie: admin.cookie, body: { username: 'x y', password: 'short', role: 'root' } });
    expect(res.status).toBe(400);
    expect(Object.keys(res.json.error.fields).sort()).toEqual(['password', 'role', 'username']);
  });

  test('the last active admin cannot be demoted, disabled or deleted', async () => {
    const id = admin.id;
    for (const body of [{ role: 'viewer' }, { isActive: false }]) {
      const res = await call(user.PATCH, `/api/users/${id}`, { method: 'PATCH', cookie: admin.cookie, params: { id }, body });
      expect(res.status).toBe(409);
      expect(res.json.error.code).toBe('last_admin');
    }
    const del = await call(user.DELETE, `/api/users/${id}`, { method: 'DELETE', cookie: admin.cookie, params: { id } });
    expect(del.status).toBe(409);
  });

  test('with a second admin, the first can be demoted, and loses rights on its next request', async () => {
    const second = await makeUser('second-admin', 'admin');
    const demote = await call(user.PATCH, `/api/users/${admin.id}`, { method: 'PATCH', cookie: second.cookie, params: { id: admin.id }, body: { role: 'viewer' } });
    expect(demote.status).toBe(200);
    expect(demote.json.role).toBe('viewer');
    const attempt = await call(users.POST, '/api/users', { method: 'POST', cookie: admin.cookie, body: { username: 'nope', password: 'long-enough-pw' } });
    expect(attempt.status).toBe(403);
    // restore for the other tests
    await call(user.PATCH, `/api/users/${admin.id}`, { method: 'PATCH', cookie: second.cookie, params: { id: admin.id }, body: { role: 'admin' } });
  });

  test('a disabled user loses its session at once', async () => {
    const victim = await makeUser('soon-disabled', 'viewer');
    expect((await call(users.GET, '/api/users', { cookie: victim.cookie })).status).toBe(200);
    const res = await call(user.PATCH, `/api/users/${victim.id}`, { method: 'PATCH', cookie: admin.cookie, params: { id: victim.id }, body: { isActive: false } });
    expect(res.status).toBe(200);
    expect((await call(users.GET, '/api/users', { cookie: victim.cookie })).status).toBe(401);
  });

  test('unknown or malformed ids are 404, input errors come first', async () => {
    const missing = '11111111-1111-4111-8111-111111111111';
    expect((await call(user.GET, `/api/users/${missing}`, { cookie: admin.cookie, params: { id: missing } })).status).toBe(404);
    expect((await call(user.GET, '/api/users/not-a-uuid', { cookie: admin.cookie, params: { id: 'not-a-uuid' } })).status).toBe(404);
    const bad = await call(user.PATCH, `/api/users/${missing}`, { method: 'PATCH', cookie: admin.cookie, params: { id: missing }, body: { role: 'god' } });
    expect(bad.status).toBe(400);
  });
});
