import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openPglite, installDatabase } from '@/db/client';
import { query } from '@/db/client';
import * as upstreamApi from '@/app/api/upstream/route';
import * as upstreamOne from '@/app/api/upstream/[id]/route';
import * as testApi from '@/app/api/upstream/test/route';
import * as storedTest from '@/app/api/upstream/[id]/test/route';
import { createUpstream } from '@/lib/upstream/server-service';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { pgliteTemplate, withFreshDatabase } from '../helpers/database';
import { call, makeUser, type TestUser } from '../helpers/admin-api';

const db = withFreshDatabase();

let fake: FakeUpstream;
let htmlServer: http.Server;
let htmlUrl: string;
let closedPort: number;
let admin: TestUser;

beforeAll(async () => {
  fake = await startFakeUpstream({ password: 'pa55-word' });
  htmlServer = http.createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Welcome to nginx!</body></html>'));
  await new Promise<void>((r) => htmlServer.listen(0, '127.0.0.1', r));
  htmlUrl = `http://127.0.0.1:${(htmlServer.address() as net.AddressInfo).port}`;
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedPort = (probe.address() as net.AddressInfo).port;
  await new Promise((r) => probe.close(r));
  admin = await makeUser('up-admin', 'admin');
});

afterAll(async () => {
  await fake.close();
  await new Promise((r) => htmlServer.close(r));
});

const testConnection = (body: Record<string, unknown>) => call(testApi.POST, '/api/upstream/test', { method: 'POST', cookie: admin.cookie, body });

describe('POST /api/upstream/test', () => {
  test('a good account answers success with the account facts', async () => {
    const res = await testConnection({ serverUrl: fake.url, username: fake.username, password: 'pa55-word' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ success: true, code: null, userInfo: { status: 'Active', maxConnections: 2 } });
    expect(res.json.message).toMatch(/Connected/);
  });

  test('wrong credentials, an HTML answer, a closed port and an unknown host each give a distinct code and message', async () => {
    const cases = [
      { serverUrl: fake.url, username: fake.username, password: 'wrong-one' },
      { serverUrl: htmlUrl, username: 'u', password: 'secret-html' },
      { serverUrl: `http://127.0.0.1:${closedPort}`, username: 'u', password: 'secret-closed' },
      { serverUrl: 'http://no-such-provider.invalid', username: 'u', password: 'secret-dns' },
    ];
    const results = [];
    for (const body of cases) {
      const res = await testConnection({ ...body, timeoutSeconds: 5 });
      expect(res.status).toBe(200);
      expect(res.json.success).toBe(false);
      expect(res.text).not.toContain(body.password);
      results.push(res.json);
    }
    expect(results.map((r) => r.code)).toEqual(['bad_credentials', 'not_xtream', 'refused', 'dns']);
    expect(new Set(results.map((r) => r.message)).size).toBe(4);
  });

  test('a failed test stores nothing', async () => {
    const [{ n }] = await query<{ n: number }>('SELECT count(*)::int AS n FROM upstream_servers');
    expect(n).toBe(0);
  });

  test('invalid input is a 400 with field messages', async () => {
    const res = await testConnection({ serverUrl: 'ftp://x', username: '', password: '' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.json.error.fields).sort()).toEqual(['password', 'serverUrl', 'username']);
    expect(res.json.error.fields.serverUrl).toBe('must be an http(s) URL');
  });
});

describe('/api/upstream CRUD', () => {
  let id: string;
  test('creates with a normalised URL and never returns the password', async () => {
    const res = await call(upstreamApi.POST, '/api/upstream', {
      method: 'POST',
      cookie: admin.cookie,
      body: { serverUrl: `${fake.url}/player_api.php/`, username: fake.username, password: 'pa55-word', priority: 5 },
    });
    expect(res.status).toBe(201);
    id = res.json.id;
    expect(res.json).toMatchObject({ serverUrl: fake.url, name: new URL(fake.url).host, priority: 5, timeoutSeconds: 30, isActive: true, counts: { live: 0, vod: 0, series: 0 } });
    expect(res.text).not.toContain('pa55-word');
    expect(res.json).not.toHaveProperty('password');
  });

  test('refuses the same URL and username twice (409)', async () => {
    const res = await call(upstreamApi.POST, '/api/upstream', { method: 'POST', cookie: admin.cookie, body: { serverUrl: fake.url, username: fake.username, password: 'x' } });
    expect(res.status).toBe(409);
  });

  test('PATCH without a password keeps the stored one; the stored test then still works', async () => {
    const res = await call(upstreamOne.PATCH, `/api/upstream/${id}`, { method: 'PATCH', cookie: admin.cookie, params: { id }, body: { name: 'Main', timeoutSeconds: 10 } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: 'Main', timeoutSeconds: 10 });
    const t = await call(storedTest.POST, `/api/upstream/${id}/test`, { method: 'POST', cookie: admin.cookie, params: { id } });
    expect(t.json.success).toBe(true);
    const after = await call(upstreamOne.GET, `/api/upstream/${id}`, { cookie: admin.cookie, params: { id } });
    expect(after.json.providerMaxConnections).toBe(2);
  });

  test('out-of-range settings are 400s naming the field', async () => {
    const res = await call(upstreamOne.PATCH, `/api/upstream/${id}`, { method: 'PATCH', cookie: admin.cookie, params: { id }, body: { timeoutSeconds: 3, priority: 5000 } });
    expect(res.status).toBe(400);
    expect(Object.keys(res.json.error.fields).sort()).toEqual(['priority', 'timeoutSeconds']);
  });

  test('DELETE removes it (then 404)', async () => {
    expect((await call(upstreamOne.DELETE, `/api/upstream/${id}`, { method: 'DELETE', cookie: admin.cookie, params: { id } })).status).toBe(204);
    expect((await call(upstreamOne.GET, `/api/upstream/${id}`, { cookie: admin.cookie, params: { id } })).status).toBe(404);
  });
});

describe('secrets at rest', () => {
  test('no upstream password in plaintext in the embedded database files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-secret-'));
    // An on-disk database unpacked from the run's template (the schema applied once, tests/global-setup.ts).
    const fileDb = await openPglite(dir, pgliteTemplate());
    const previous = db.db();
    installDatabase(fileDb);
    try {
      await createUpstream({
        serverUrl: 'http://provider.example:8080', username: 'someone', password: 'Plaintext-Canary-4242',
        isActive: true, timeoutSeconds: 30, priority: 0, syncIntervalMinutes: 360,
      });
      await fileDb.query('CHECKPOINT');
    } finally {
      installDatabase(previous);
      await fileDb.close();
    }
    const canary = Buffer.from('Plaintext-Canary-4242');
    let scanned = 0;
    for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      const p = path.join(dir, f);
      if (!fs.statSync(p).isFile()) continue;
      scanned++;
      expect(fs.readFileSync(p).includes(canary), `${f} holds the password`).toBe(false);
    }
    expect(scanned).toBeGreaterThan(10);
    // and the row really is there, encrypted
    const again = await openPglite(dir);
    const [row] = await again.query<{ password_encrypted: string }>('SELECT password_encrypted FROM upstream_servers');
    expect(row.password_encrypted).toMatch(/^v1:/);
    await again.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000); // an on-disk database: a few seconds on a quiet machine, more under load
});
