import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectHeading, login, useBrowser, waitForPath } from './helpers/browser';
import { startPanel, tail, type Panel } from './helpers/server';

// The production server on a real PostgreSQL (what docker compose runs). CI sets TEST_DATABASE_URL.
const url = process.env.TEST_DATABASE_URL?.trim();
if (!url) console.log('postgres.e2e: skipped: TEST_DATABASE_URL is not set (the CI script .ci/run sets it)');

const ADMIN = { username: 'pgadmin', password: 'e2e-postgres-Passw0rd!' };
const TABLES = ['users', 'upstream_servers', 'synced_content', 'lines', 'sync_jobs', 'schema_migrations'];

function withDatabase(u: string, name: string): string {
  const parsed = new URL(u);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

describe.skipIf(!url)(`production server on PostgreSQL${url ? '' : ' (skipped: TEST_DATABASE_URL is not set)'}`, () => {
  const dbName = `neropanel_e2e_${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`;
  let panel: Panel | undefined;
  let created = false;
  const { newPage } = useBrowser();

  async function admin<T>(fn: (c: pg.Client) => Promise<T>, database?: string): Promise<T> {
    const client = new pg.Client({ connectionString: database ? withDatabase(url!, database) : url });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    await admin((c) => c.query(`CREATE DATABASE ${dbName}`));
    created = true;
    panel = await startPanel({
      env: {
        DATABASE_URL: withDatabase(url!, dbName),
        // Required with DATABASE_URL in production (no generated secrets: replicas must share them).
        APP_SECRET: crypto.randomBytes(32).toString('hex'),
        NEXTAUTH_SECRET: crypto.randomBytes(32).toString('hex'),
        ADMIN_USERNAME: ADMIN.username,
        ADMIN_PASSWORD: ADMIN.password,
      },
    });
  });

  afterAll(async () => {
    await panel?.stop();
    if (created) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
  });

  it('reports a healthy database', async () => {
    const res = await fetch(`${panel!.baseUrl}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', db: 'ok' });
  });

  it('created the schema in that database', async () => {
    const rows = await admin(
      (c) =>
        c.query<{ table_name: string }>(
          `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name = ANY($1)`,
          [TABLES],
        ),
      dbName,
    );
    expect(rows.rows.map((r) => r.table_name).sort()).toEqual([...TABLES].sort());
  });

  it('keeps its data in PostgreSQL: the bootstrap admin is a row there, no embedded database was created', async () => {
    const { rows } = await admin(
      (c) => c.query<{ username: string }>(`SELECT username FROM users WHERE username = $1`, [ADMIN.username]),
      dbName,
    );
    expect(rows).toHaveLength(1);
    expect(fs.existsSync(path.join(panel!.dataDir, 'pglite'))).toBe(false);
  });

  it('lets the bootstrap admin log in', async () => {
    const page = await newPage();
    try {
      await login(page, panel!.baseUrl, ADMIN.username, ADMIN.password);
      await waitForPath(page, '/');
      await expectHeading(page, 'Dashboard');
    } catch (err) {
      (err as Error).message += `\n--- server output ---\n${tail(panel!.logs(), 40)}`;
      throw err;
    }
  });
});
