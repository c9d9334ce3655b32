import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres } from '../db/client';
import { applySchema } from '../db/migrate';

// Creating a PGlite database costs seconds; build one with the schema once and let every test file
// load a copy. On PostgreSQL the same idea is a template database.
export default async function setup(project: TestProject) {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const dumpFile = path.join(os.tmpdir(), `neropanel-template-${runId}.tar`);
  const db = await openPglite(undefined);
  await applySchema(db);
  // Every test file copies this template into a fresh PGlite (tests/helpers/database.ts), so its size
  // and its start are paid ~50 times a run. The app's database is `postgres`; the two template
  // databases beside it (7 MB each) are never used by a test, and a checkpoint spares each copy the
  // replay of the schema's WAL at start: 42 MB → 27 MB, ~0.7 s less CPU per database opened.
  await db.exec(`UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')`);
  await db.exec('DROP DATABASE template0');
  await db.exec('DROP DATABASE template1');
  await db.exec('CHECKPOINT');
  const raw = (db as unknown as { raw: { dumpDataDir: (c?: 'none') => Promise<Blob> } }).raw;
  fs.writeFileSync(dumpFile, Buffer.from(await (await raw.dumpDataDir('none')).arrayBuffer()));
  await db.close();
  project.provide('pgliteTemplate', dumpFile);

  const url = process.env.TEST_DATABASE_URL;
  let template = '';
  if (url) {
    template = `neropanel_tpl_${runId}`;
    const admin = await openPostgres(url, 1);
    await admin.exec(`CREATE DATABASE ${template}`);
    const tpl = await openPostgres(withDatabase(url, template), 1);
    await applySchema(tpl);
    await tpl.close();
    await admin.close();
  }
  project.provide('pgTemplate', template);

  return async () => {
    fs.rmSync(dumpFile, { force: true });
    if (url && template) {
      const admin = await openPostgres(url, 1);
      const dbs = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
        [`np_t_${runId}%`, template],
      );
      for (const { datname } of dbs) await admin.exec(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      await admin.close();
    }
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string;
  }
}
