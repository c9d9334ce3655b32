import fs from 'node:fs';
import crypto from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { openPglite, openPostgres, installDatabase, type Database } from '@/db/client';
import { withDatabase } from '../global-setup';

/** Which driver this run tests: PostgreSQL when TEST_DATABASE_URL is set, else PGlite. */
export const testDriver: 'pg' | 'pglite' = process.env.TEST_DATABASE_URL ? 'pg' : 'pglite';

/** A fresh database with the schema applied, copied from the run's template. */
export async function createTestDatabase(driver = testDriver): Promise<Database> {
  if (driver === 'pglite') return openPglite(undefined, pgliteTemplate());
  const url = process.env.TEST_DATABASE_URL!;
  const template = inject('pgTemplate');
  const tplRun = template.replace('neropanel_tpl_', '');
  const name = `np_t_${tplRun}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = await openPostgres(url, 1);
  await admin.exec(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.close();
  const db = await openPostgres(withDatabase(url, name), 5);
  const close = db.close;
  db.close = async () => {
    await close();
    const a = await openPostgres(url, 1);
    await a.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.close();
  };
  return db;
}

/**
 * The run's PGlite template (tests/global-setup.ts) as a Blob PGlite can read at once. PGlite loads a
 * data dir with `blob.arrayBuffer()`, which on Node 20 streams a Blob's bytes in 64 KB pieces and joins
 * them: 0.2–0.4 s of CPU for a template of tens of MB, in every database file. This Blob hands over the file's
 * bytes, read in one call.
 */
export function pgliteTemplate(): Blob {
  const bytes = fs.readFileSync(inject('pgliteTemplate'));
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const buffer = (whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as ArrayBuffer;
  return new (class extends Blob {
    override arrayBuffer(): Promise<ArrayBuffer> {
      return Promise.resolve(buffer);
    }
  })();
}

/** Gives the calling test file its own fresh database as the process database. */
export function withFreshDatabase(): { db: () => Database } {
  let db: Database | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    installDatabase(db);
  });
  afterAll(async () => {
    installDatabase(undefined);
    await db?.close();
  });
  return {
    db: () => {
      if (!db) throw new Error('database not ready: call inside a test');
      return db;
    },
  };
}
