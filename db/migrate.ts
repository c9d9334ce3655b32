import fs from 'node:fs';
import path from 'node:path';
import type { Database } from './types';

const LOCK_KEY = 74_657_001; // advisory lock: one replica applies the schema at a time

/** Where init.sql and db/migrations are: the project root, where the server runs. */
export function schemaRoot(): string {
  const dir = process.cwd();
  if (!fs.existsSync(path.join(dir, 'init.sql'))) throw new Error(`init.sql not found in ${dir}`);
  return dir;
}

export function listMigrations(root = schemaRoot()): { version: string; file: string }[] {
  const dir = path.join(root, 'db', 'migrations');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: f.replace(/\.sql$/, ''), file: path.join(dir, f) }));
}

/** Applies init.sql (idempotent) and every numbered migration not yet recorded, in one transaction. */
export async function applySchema(db: Database, root = schemaRoot()): Promise<{ applied: string[] }> {
  const init = fs.readFileSync(path.join(root, 'init.sql'), 'utf8');
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.exec(init);
    const done = new Set((await tx.query<{ version: string }>('SELECT version FROM schema_migrations')).map((r) => r.version));
    const applied: string[] = [];
    for (const m of listMigrations(root)) {
      if (done.has(m.version)) continue;
      await tx.exec(fs.readFileSync(m.file, 'utf8'));
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
      applied.push(m.version);
    }
    return { applied };
  });
}
