import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';

/** What every query module sees: the same SQL on `pg` or on embedded PGlite. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Several statements, no parameters (schema files). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  driver: 'pg' | 'pglite';
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Holds an exclusive lock named by `key` until `release()`, or answers null when someone holds it.
   * PostgreSQL: a session advisory lock on a dedicated client, so it spans replicas and vanishes with
   * a dead process. PGlite has one process and one connection: an in-process lock.
   */
  tryLock(key: string): Promise<{ release(): Promise<void> } | null>;
  close(): Promise<void>;
}

/** A stable 32-bit lock id for a name. */
export function lockId(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h | 0;
}

function inProcessLocks() {
  const held = new Set<string>();
  return async (key: string) => {
    if (held.has(key)) return null;
    held.add(key);
    return { release: async () => void held.delete(key) };
  };
}

// One type mapping for both drivers: bigint and numeric as JS numbers, timestamps as Date.
const INT8 = 20;
const NUMERIC = 1700;
const toNumber = (v: string) => (v === null ? null : Number(v));

export async function openPostgres(connectionString: string, max = 10): Promise<Database> {
  const pg = await import('pg');
  const Pool = pg.default?.Pool ?? pg.Pool;
  const types = pg.default?.types ?? pg.types;
  const pool = new Pool({
    connectionString,
    max,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8 || oid === NUMERIC ? toNumber : types.getTypeParser(oid, format as 'text')) as typeof types.getTypeParser,
    },
  });
  // An idle client that loses its server must not take the process down.
  pool.on('error', () => {});
  const wrap = (c: { query: (s: string, p?: unknown[]) => Promise<{ rows: unknown[] }> }): Queryable => ({
    query: async <T>(sql: string, params?: unknown[]) => (await c.query(sql, params)).rows as T[],
    exec: async (sql: string) => {
      await c.query(sql);
    },
  });
  return {
    driver: 'pg',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async tryLock(key) {
      const client = await pool.connect();
      try {
        const [row] = (await client.query('SELECT pg_try_advisory_lock(1, $1) AS ok', [lockId(key)])).rows as { ok: boolean }[];
        if (!row.ok) {
          client.release();
          return null;
        }
      } catch (err) {
        client.release();
        throw err;
      }
      return {
        release: async () => {
          await client.query('SELECT pg_advisory_unlock(1, $1)', [lockId(key)]).catch(() => {});
          client.release();
        },
      };
    },
    close: () => pool.end(),
  };
}

export async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  // The contrib extensions the schema creates (search: migration 0006); PostgreSQL ships them too.
  const [{ unaccent }, { pg_trgm }] = await Promise.all([import('@electric-sql/pglite/contrib/unaccent'), import('@electric-sql/pglite/contrib/pg_trgm')]);
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const db = new PGlite({
    dataDir,
    loadDataDir,
    extensions: { unaccent, pg_trgm },
    parsers: { [INT8]: toNumber, [NUMERIC]: toNumber },
  });
  await db.waitReady;
  type Pg = { query: (s: string, p?: unknown[]) => Promise<{ rows: unknown[] }>; exec: (s: string) => Promise<unknown> };
  const wrap = (c: Pg): Queryable => ({
    query: async <T>(sql: string, params?: unknown[]) => (await c.query(sql, params)).rows as T[],
    exec: async (sql: string) => {
      await c.exec(sql);
    },
  });
  return {
    driver: 'pglite',
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    tryLock: inProcessLocks(),
    close: () => db.close(),
    // Exposed for the test template (dumpDataDir).
    ...({ raw: db } as object),
  };
}

/** Where the process's database lives: set once at start-up from the configuration (lib/startup.ts). */
export interface DatabaseConfig {
  /** A postgres:// URL, or undefined for the embedded PGlite. */
  url?: string;
  /** PGlite's folder (DATA_DIR/pglite). */
  pgliteDir: string;
}

type Registry = { db?: Promise<Database>; override?: Database; config?: DatabaseConfig };
const registry: Registry = ((globalThis as { __neropanelDb?: Registry }).__neropanelDb ??= {});

export function configureDatabase(config: DatabaseConfig): void {
  registry.config = config;
}

/** The process's one database: a pg Pool when DATABASE_URL is set, else PGlite in DATA_DIR. */
export function getDatabase(): Promise<Database> {
  if (registry.override) return Promise.resolve(registry.override);
  const config = registry.config;
  if (!config) return Promise.reject(new Error('the database is not configured yet (configureDatabase runs at start-up)'));
  registry.db ??= (async () => {
    const db = config.url ? await openPostgres(config.url) : await openPglite(config.pgliteDir);
    const { applySchema } = await import('./migrate');
    await applySchema(db);
    return db;
  })().catch((err) => {
    registry.db = undefined;
    throw err;
  });
  return registry.db;
}

/** Tests install their own fresh database here. */
export function installDatabase(db: Database | undefined): void {
  registry.override = db;
}

export async function closeDatabase(): Promise<void> {
  const pending = registry.db;
  registry.db = undefined;
  if (pending) await (await pending).close();
}

const currentTx = new AsyncLocalStorage<Queryable>();

/** Runs a query on the current transaction if there is one, else on the pool. */
export async function query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
  const tx = currentTx.getStore();
  if (tx) return tx.query<T>(sql, params);
  return (await getDatabase()).query<T>(sql, params);
}

/** See Database.tryLock. */
export async function tryLock(key: string) {
  return (await getDatabase()).tryLock(key);
}

/** A transaction; nested calls reuse the outer one. */
export async function transaction<T>(fn: () => Promise<T>): Promise<T> {
  if (currentTx.getStore()) return fn();
  const db = await getDatabase();
  return db.transaction((tx) => currentTx.run(tx, fn));
}
