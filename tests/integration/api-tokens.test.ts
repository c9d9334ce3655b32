import { beforeAll, describe, expect, test } from 'vitest';
import { query } from '@/db/client';
import * as tokensApi from '@/app/api/tokens/route';
import * as tokenOne from '@/app/api/tokens/[id]/route';
import * as linesApi from '@/app/api/lines/route';
import * as auditApi from '@/app/api/audit/route';
import * as metricsApi from '@/app/api/metrics/route';
import { withFreshDatabase } from '../helpers/database';
import { call, makeUser, type TestUser } from '../helpers/admin-api';

// Issue 15 must-show 3: a viewer-role token gets 403 on a POST, an admin token creates a line; a
// revoked or expired token gets 401. Tokens are shown once, stored hashed, and named in the audit log.

withFreshDatabase();

let admin: TestUser;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function makeToken(body: Record<string, unknown>) {
  const res = await call(tokensApi.POST, '/api/tokens', { method: 'POST', cookie: admin.cookie, body });
  expect(res.status).toBe(201);
  return res.json as { id: string; token: string; name: string; role: string; expiresAt: string | null };
}

beforeAll(async () => {
  admin = await makeUser('token-maker', 'admin', 'Token-Maker-Pass');
});

describe('API tokens', () => {
  test('shown once, stored as a SHA-256 hash, listed with last use', async () => {
    const t = await makeToken({ name: 'backup cron', role: 'viewer' });
    expect(t.token).toMatch(/^np_[A-Za-z0-9_-]{43}$/);
    const [row] = await query<{ token_hash: string }>('SELECT token_hash FROM api_tokens WHERE id = $1', [t.id]);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await query('SELECT * FROM api_tokens'))).not.toContain(t.token);
    await call(auditApi.GET, '/api/audit', { headers: bearer(t.token) });
    const list = await call(tokensApi.GET, '/api/tokens', { cookie: admin.cookie });
    const listed = list.json.items.find((i: { id: string }) => i.id === t.id);
    expect(listed).toMatchObject({ name: 'backup cron', role: 'viewer', state: 'active' });
    expect(listed.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list.json)).not.toContain(t.token);
  });

  test('a viewer token reads but gets 403 on a POST; an admin token creates a line without CSRF headers, and the audit names the token', async () => {
    const viewer = await makeToken({ name: 'dashboard reader', role: 'viewer' });
    const read = await call(linesApi.GET, '/api/lines', { headers: bearer(viewer.token) });
    expect(read.status).toBe(200);
    const refused = await call(linesApi.POST, '/api/lines', { method: 'POST', headers: bearer(viewer.token), body: { username: 'by.viewer.token' } });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('forbidden');

    const adminToken = await makeToken({ name: 'provisioning script', role: 'admin' });
    // A script from anywhere: a foreign Origin does not matter for a bearer token (it cannot come from a browser form).
    const made = await call(linesApi.POST, '/api/lines', {
      method: 'POST',
      headers: { ...bearer(adminToken.token), origin: 'https://elsewhere.example', 'sec-fetch-site': 'cross-site' },
      body: { username: 'by.admin.token' },
    });
    expect(made.status).toBe(201);
    const [audit] = await query<{ actor: string; actor_kind: string; actor_id: string }>(`SELECT actor, actor_kind, actor_id FROM audit_log WHERE path = '/api/lines' ORDER BY id DESC LIMIT 1`);
    expect(audit).toEqual({ actor: 'token:provisioning script', actor_kind: 'token', actor_id: adminToken.id });
    // An admin token also reads metrics; a viewer token does not.
    expect((await call(metricsApi.GET, '/api/metrics', { headers: bearer(adminToken.token) })).status).toBe(200);
    expect((await call(metricsApi.GET, '/api/metrics', { headers: bearer(viewer.token) })).status).toBe(403);
  });

  test('a revoked, an expired or an unknown token gets 401, even with a valid session cookie beside it', async () => {
    const t = await makeToken({ name: 'to revoke', role: 'admin' });
    expect((await call(linesApi.GET, '/api/lines', { headers: bearer(t.token) })).status).toBe(200);
    const revoked = await call(tokenOne.DELETE, `/api/tokens/${t.id}`, { method: 'DELETE', cookie: admin.cookie, params: { id: t.id } });
    expect(revoked.status).toBe(200);
    expect(revoked.json.state).toBe('revoked');
    const after = await call(linesApi.POST, '/api/lines', { method: 'POST', headers: bearer(t.token), body: { username: 'after.revoke' } });
    expect(after.status).toBe(401);

    const soon = await makeToken({ name: 'short lived', role: 'admin', expiresAt: new Date(Date.now() + 60_000).toISOString() });
    expect((await call(linesApi.GET, '/api/lines', { headers: bearer(soon.token) })).status).toBe(200);
    await query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [soon.id]);
    expect((await call(linesApi.GET, '/api/lines', { headers: bearer(soon.token) })).status).toBe(401);

    const unknown = await call(linesApi.GET, '/api/lines', { headers: bearer('np_' + 'x'.repeat(43)), cookie: admin.cookie });
    expect(unknown.status).toBe(401);
    expect(unknown.json.error.code).toBe('unauthorized');
  });

  test('a token acts for its maker: 401 once the maker is switched off, and never above the maker\'s role now', async () => {
    const maker = await makeUser('token-maker-2', 'admin', 'Token-Maker-Pass-2');
    const res = await call(tokensApi.POST, '/api/tokens', { method: 'POST', cookie: maker.cookie, body: { name: 'maker script', role: 'admin' } });
    expect(res.status).toBe(201);
    const token = (res.json as { token: string }).token;
    expect((await call(linesApi.POST, '/api/lines', { method: 'POST', headers: bearer(token), body: { username: 'by.maker.token' } })).status).toBe(201);
    await query(`UPDATE users SET role = 'viewer' WHERE id = $1`, [maker.id]);
    expect((await call(linesApi.POST, '/api/lines', { method: 'POST', headers: bearer(token), body: { username: 'by.demoted.maker' } })).status).toBe(403);
    expect((await call(linesApi.GET, '/api/lines', { headers: bearer(token) })).status).toBe(200);
    await query(`UPDATE users SET is_active = false WHERE id = $1`, [maker.id]);
    expect((await call(linesApi.GET, '/api/lines', { headers: bearer(token) })).status).toBe(401);
  });

  test('bad input is a 400 with field messages; a past expiry is refused', async () => {
    const bad = await call(tokensApi.POST, '/api/tokens', { method: 'POST', cookie: admin.cookie, body: { name: '', role: 'root' } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields).sort()).toEqual(['name', 'role']);
    const past = await call(tokensApi.POST, '/api/tokens', { method: 'POST', cookie: admin.cookie, body: { name: 'old', role: 'viewer', expiresAt: '2001-01-01T00:00:00Z' } });
    expect(past.status).toBe(400);
    expect(past.json.error.fields).toHaveProperty('expiresAt');
  });
});
