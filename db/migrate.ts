import fs from 'node:fs';
import path from 'node:path';
import type { Database } from './client';

const LOCK_KEY = 74_657_001; // advisory lock: one replica applies the schema at a time

/** Finds init.sql: the project root (NEROPANEL_ROOT, else the working directory). */
export function schemaRoot(): string {
  const candidates = [process.env.NEROPANEL_ROOT, process.cwd()];
  for (const dir of candidates) if (dir && fs.existsSync(path.join(dir, 'init.sql'))) return dir;
  throw new Error(`init.sql not found (looked in ${candidates.filter(Boolean).join(', ')})`);
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
export async function applySchema(db: Database): Promise<{ applied: string[] }> {
  const root = schemaRoot();
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
