import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '@/db/client';
import { applySchema } from '@/db/migrate';
import { createTestDatabase } from '../helpers/database';
import { schemaSnapshot } from '../helpers/schema-snapshot';

const REQUIRED_TABLES = [
  'users', 'upstream_servers', 'synced_content', 'local_content', 'local_episodes', 'content_routing', 'system_logs',
  'lines', 'categories', 'series_episodes', 'epg_channels', 'epg_programmes', 'api_requests', 'sync_jobs',
  'schema_migrations', 'public_ids',
];

describe('schema', () => {
  let pglite: Database;
  beforeAll(async () => {
    pglite = await createTestDatabase('pglite');
  });
  afterAll(async () => {
    await pglite?.close();
  });

  test('has every table of the design, with the seed names', async () => {
    const rows = await pglite.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(REQUIRED_TABLES));
  });

  test('encrypts secrets: no plaintext password column on upstreams or lines', async () => {
    const cols = await pglite.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name IN ('upstream_servers', 'lines') AND column_name LIKE 'password%'`,
    );
    expect(cols.map((c) => `${c.table_name}.${c.column_name}`).sort()).toEqual([
      'lines.password_encrypted', 'lines.password_hmac', 'upstream_servers.password_encrypted',
    ]);
  });

  test('synced items are unique on (upstream, type, upstream id), not on the upstream id alone', async () => {
    const [up] = await pglite.query<{ id: string }>(
      `INSERT INTO upstream_servers (name, server_url, username, password_encrypted) VALUES ('a', 'http://a', 'u', 'x') RETURNING id`,
    );
    const insert = (type: string, publicId: number) =>
      pglite.query(`INSERT INTO synced_content (upstream_server_id, stream_type, stream_id, public_id, name) VALUES ($1, $2, '42', $3, 'n')`, [up.id, type, publicId]);
    await insert('live', 1);
    await insert('vod', 2);
    await expect(insert('live', 3)).rejects.toThrow(/duplicate key/);
  });

  test('every servable item draws its public id from one sequence', async () => {
    const [local] = await pglite.query<{ public_id: number }>(`INSERT INTO local_content (title, stream_url) VALUES ('m', 'http://x') RETURNING public_id`);
    const [mapped] = await pglite.query<{ public_id: number }>(
      `INSERT INTO public_ids (upstream_server_id, item_type, upstream_item_id) VALUES (gen_random_uuid(), 'live', '1') RETURNING public_id`,
    );
    expect(mapped.public_id).toBeGreaterThan(local.public_id);
  });

  test('applying the schema and migrations twice changes nothing and keeps data', async () => {
    const db = await createTestDatabase('pglite');
    try {
      await db.query(`INSERT INTO users (username, password_hash) VALUES ('keep-me', 'h')`);
      const before = await schemaSnapshot(db);
      const migrationsBefore = await db.query('SELECT version FROM schema_migrations ORDER BY version');
      await applySchema(db);
      await applySchema(db);
      expect(await schemaSnapshot(db)).toEqual(before);
      expect(await db.query('SELECT version FROM schema_migrations ORDER BY version')).toEqual(migrationsBefore);
      expect(await db.query(`SELECT username FROM users`)).toEqual([{ username: 'keep-me' }]);
    } finally {
      await db.close();
    }
  });

  test('numbered migrations run once, in order, and are recorded', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'np-migrations-'));
    fs.copyFileSync(path.resolve('init.sql'), path.join(root, 'init.sql'));
    fs.mkdirSync(path.join(root, 'db', 'migrations'), { recursive: true });
    fs.writeFileSync(path.join(root, 'db', 'migrations', '0001_add_note.sql'), 'ALTER TABLE users ADD COLUMN IF NOT EXISTS note text;');
    fs.writeFileSync(path.join(root, 'db', 'migrations', '0002_fill_note.sql'), "UPDATE users SET note = coalesce(note, '') || 'x';");
    const db = await createTestDatabase('pglite');
    try {
      await db.query(`INSERT INTO users (username, password_hash) VALUES ('m', 'h')`);
      expect((await applySchema(db, root)).applied).toEqual(['0001_add_note', '0002_fill_note']);
      expect((await applySchema(db, root)).applied).toEqual([]);
      expect(await db.query(`SELECT note FROM users`)).toEqual([{ note: 'x' }]);
    } finally {
      await db.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  const crossDriver = !process.env.TEST_DATABASE_URL;
  if (crossDriver) console.info('schema: the PGlite/PostgreSQL comparison runs when TEST_DATABASE_URL is set (CI sets it)');
  test.skipIf(crossDriver)('PGlite and PostgreSQL produce the same schema (tables, columns, types, constraints, indexes)', async () => {
    const pg = await createTestDatabase('pg');
    try {
      const [a, b] = [await schemaSnapshot(pglite), await schemaSnapshot(pg)];
      expect(b.columns).toEqual(a.columns);
      expect(b.constraints).toEqual(a.constraints);
      expect(b.indexes).toEqual(a.indexes);
      expect(b.sequences).toEqual(a.sequences);
      expect(a.columns.length).toBeGreaterThan(100);
    } finally {
      await pg.close();
    }
  });
});
