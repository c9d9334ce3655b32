import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import v8 from 'node:v8';
import { createPgliteCluster } from './pglite-create';
import type { Database, Lock, Queryable } from './types';
import { DatabaseUnavailable, isConnectionFailure, isDatabaseUnavailable } from './unavailable';

export { DatabaseUnavailable, isDatabaseUnavailable } from './unavailable';

export type { Database, Lock, Queryable } from './types';

/** A stable 32-bit lock id for a name. */
export function lockId(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h | 0;
}

function inProcessLocks() {
  const held = new Set<string>();
  return async (key: string): Promise<Lock | null> => {
    if (held.has(key)) return null;
    held.add(key);
    return { signal: new AbortController().signal, release: async () => void held.delete(key) };
  };
}

// One type mapping for both drivers: bigint and numeric as JS numbers, timestamps as Date.
const INT8 = 20;
const NUMERIC = 1700;
const toNumber = (v: string) => (v === null ? null : Number(v));

/**
 * How long the database may take before a caller hears `DatabaseUnavailable`. Request paths (player
 * logins, lists, admin pages) get a few seconds, so an outage or a partition answers fast instead of
 * hanging; bulk work (the sync's batches, a whole-catalog read, schema changes) runs inside
 * `bulkWork()` on its own pool with minutes. `connectMs` also bounds the wait for a free pool client.
 */
export interface Timeouts {
  connectMs: number;
  statementMs: number;
  /** Client-side: a query with no answer (a silent network) fails after this, and its connection is dropped. */
  queryMs: number;
}
export const REQUEST_TIMEOUTS: Timeouts = { connectMs: 2_000, statementMs: 5_000, queryMs: 6_000 };
export const BULK_TIMEOUTS: Timeouts = { connectMs: 10_000, statementMs: 120_000, queryMs: 125_000 };
/** The lock connection answers a check this often, within LOCK_CHECK_TIMEOUT_MS, or the lock counts as lost. */
export const LOCK_CHECK_MS = 1_000;
const LOCK_CHECK_TIMEOUT_MS = 3_000;
// Each sync holds up to two bulk clients (a batch in flight and its progress write; the guide's swap
// transaction), a list snapshot build three, the request-log flush one: two syncs and a snapshot
// already took more than 5, and a wait past connectMs fails the sync as "database unavailable".
const BULK_POOL_MAX = 8;

// Shared by every bundle that loads this module (the server entry and Next's chunks each carry a copy):
// the Database is opened by one copy, and its pool choice must see a bulkWork() entered from another.
// A per-copy context left a sync started from an admin route on the request pool, with its 5 s
// statement timeout and 2 s wait for a client.
const contexts: { bulk?: AsyncLocalStorage<true>; tx?: AsyncLocalStorage<Queryable> } = ((globalThis as { __neropanelDbContexts?: object }).__neropanelDbContexts ??= {});
const bulkContext = (contexts.bulk ??= new AsyncLocalStorage<true>());

/** Runs `fn` with the bulk budget (BULK_TIMEOUTS, its own pool): long statements are expected there. */
export function bulkWork<T>(fn: () => Promise<T>): Promise<T> {
  return bulkContext.run(true, fn);
}

type PgClient = import('pg').Client;
type PgQueryable = { query: (config: { text: string; values?: unknown[] }) => Promise<{ rows: unknown[] }> };

/** Driver errors that mean "no answer" become DatabaseUnavailable; statement errors pass as they are. */
function translate(err: unknown): unknown {
  return isConnectionFailure(err) && !isDatabaseUnavailable(err) ? new DatabaseUnavailable(err) : err;
}

export async function openPostgres(connectionString: string, max = 10): Promise<Database> {
  const pg = await import('pg');
  const Pool = pg.default?.Pool ?? pg.Pool;
  const Client = pg.default?.Client ?? pg.Client;
  const types = pg.default?.types ?? pg.types;
  const config = (t: Timeouts) => ({
    connectionString,
    connectionTimeoutMillis: t.connectMs,
    statement_timeout: t.statementMs,
    query_timeout: t.queryMs,
    // A transaction left open by a stalled caller must not hold its locks for ever.
    idle_in_transaction_session_timeout: Math.max(t.statementMs, 10_000) * 2,
    keepAlive: true,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        oid === INT8 || oid === NUMERIC ? toNumber : types.getTypeParser(oid, format as 'text')) as typeof types.getTypeParser,
    },
  });
  const requestPool = new Pool({ ...config(REQUEST_TIMEOUTS), max });
  const bulkPool = new Pool({ ...config(BULK_TIMEOUTS), max: Math.min(max, BULK_POOL_MAX) });
  for (const pool of [requestPool, bulkPool]) {
    // Every client gets an error listener for its whole life: a connection that fails while checked out
    // (in a transaction, between queries) would otherwise emit an unhandled 'error' and end the process.
    // The failure reaches the caller through its query; the pool drops the client on release.
    pool.on('connect', (client) => client.on('error', () => {}));
    // Idle clients that lose their server: the pool discards them.
    pool.on('error', () => {});
  }
  const poolFor = () => (bulkContext.getStore() ? bulkPool : requestPool);
  const run = async <T>(c: PgQueryable, sql: string, params?: unknown[]) => {
    try {
      return (await c.query({ text: sql, values: params })).rows as T[];
    } catch (err) {
      throw translate(err);
    }
  };
  const wrap = (c: PgQueryable): Queryable => ({
    query: <T>(sql: string, params?: unknown[]) => run<T>(c, sql, params),
    exec: async (sql: string) => {
      await run(c, sql);
    },
  });
  const connect = async () => {
    try {
      return await poolFor().connect();
    } catch (err) {
      throw translate(err);
    }
  };
  return {
    driver: 'pg',
    query: <T>(sql: string, params?: unknown[]) => run<T>(poolFor(), sql, params),
    // Schema files and DDL (CREATE DATABASE in tests) may take long: always the bulk budget.
    exec: async (sql: string) => {
      await run(bulkPool, sql);
    },
    async transaction(fn) {
      const client = await connect();
      let broken: unknown;
      try {
        await run(client, 'BEGIN');
        const result = await fn(wrap(client));
        await run(client, 'COMMIT');
        return result;
      } catch (err) {
        if (isDatabaseUnavailable(err)) broken = err;
        else await client.query('ROLLBACK').catch((e: unknown) => void (broken = e));
        throw err;
      } finally {
        // A client whose connection failed or timed out is discarded, not handed to the next caller.
        client.release(broken instanceof Error ? broken : broken ? new Error('connection failed') : undefined);
      }
    },
    tryLock: (key) =>
      takeAdvisoryLock(() => new Client(config({ connectMs: REQUEST_TIMEOUTS.connectMs, statementMs: REQUEST_TIMEOUTS.statementMs, queryMs: LOCK_CHECK_TIMEOUT_MS })), key),
    close: async () => {
      await Promise.all([requestPool.end(), bulkPool.end()]);
    },
  };
}

/**
 * A session advisory lock on its own connection (outside the pools, so a lock never waits for a pool
 * slot nor takes one from queries). The connection is checked every LOCK_CHECK_MS: an error, an end
 * or a check without an answer in time aborts the lock's signal, and the connection is closed, so the
 * lock is either ours or nobody's once PostgreSQL notices.
 */
async function takeAdvisoryLock(create: () => PgClient, key: string): Promise<Lock | null> {
  const client = create();
  const lost = new AbortController();
  let released = false;
  const watch: { timer?: NodeJS.Timeout } = {};
  const drop = (reason: string) => {
    clearInterval(watch.timer);
    if (!released && !lost.signal.aborted) lost.abort(new Error(reason));
    // Closing a silent connection may never complete: do not wait for it.
    void client.end().catch(() => {});
  };
  client.on('error', () => drop('the database connection holding the lock failed'));
  client.on('end', () => drop('the database connection holding the lock ended'));
  try {
    await client.connect();
    const [row] = (await client.query('SELECT pg_try_advisory_lock(1, $1) AS ok', [lockId(key)])).rows as { ok: boolean }[];
    if (!row.ok) {
      released = true;
      drop('not taken');
      return null;
    }
  } catch (err) {
    released = true;
    drop('not taken');
    throw translate(err);
  }
  let checking = false;
  watch.timer = setInterval(() => {
    if (checking) return;
    checking = true;
    client
      .query('SELECT 1')
      .catch(() => drop('the database connection holding the lock stopped answering'))
      .finally(() => (checking = false));
  }, LOCK_CHECK_MS);
  watch.timer.unref();
  return {
    signal: lost.signal,
    release: async () => {
      if (released) return;
      released = true;
      clearInterval(watch.timer);
      if (!lost.signal.aborted) await client.query('SELECT pg_advisory_unlock(1, $1)', [lockId(key)]).catch(() => {});
      drop('released');
    },
  };
}

/**
 * PGlite's buffer pool lives inside its WebAssembly heap, which never shrinks: PostgreSQL's default
 * 128 MB cost the panel about 300 MB of RSS at start (measured on an existing folder: 479 MB at
 * 128 MB, 187 MB at 32 MB). Pages beyond it are read from the OS file cache, which the kernel can
 * give back. PGLITE_SHARED_BUFFERS overrides it.
 */
export const DEFAULT_PGLITE_SHARED_BUFFERS = '32MB';

export interface PgliteOptions {
  /** PostgreSQL's shared_buffers for the embedded database, e.g. "32MB". */
  sharedBuffers?: string;
  /**
   * Compile PostgreSQL's WebAssembly with V8's optimizing compiler only (`--no-liftoff`), as the panel
   * does. By default V8 keeps two copies of the code of every hot function (the quick baseline and the
   * optimized one): PGlite's 9 MB module then costs the process 45–60 MB more RSS (measured on an open
   * database with its schema: 272 → 229 MB for a bare node process), for the same query speed once warm.
   * The flag is process-wide and applies to modules compiled after it; tests leave it off (a quicker open).
   */
  optimizedCodeOnly?: boolean;
}

export async function openPglite(dataDir: string | undefined, loadDataDir?: Blob, options: PgliteOptions = {}): Promise<Database> {
  if (options.optimizedCodeOnly) v8.setFlagsFromString('--no-liftoff');
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir && !loadDataDir) await createPgliteCluster(dataDir);
  // The contrib extensions the schema creates (search: migration 0006); PostgreSQL ships them too.
  const [{ unaccent }, { pg_trgm }] = await Promise.all([import('@electric-sql/pglite/contrib/unaccent'), import('@electric-sql/pglite/contrib/pg_trgm')]);
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const db = new PGlite({
    dataDir,
    loadDataDir,
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${options.sharedBuffers ?? DEFAULT_PGLITE_SHARED_BUFFERS}`],
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
  /** PGlite's shared_buffers (PGLITE_SHARED_BUFFERS). */
  pgliteSharedBuffers?: string;
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
    const db = config.url ? await openPostgres(config.url) : await openPglite(config.pgliteDir, undefined, { sharedBuffers: config.pgliteSharedBuffers, optimizedCodeOnly: true });
    const { applySchema } = await import('./migrate');
    await bulkWork(() => applySchema(db));
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

const currentTx = (contexts.tx ??= new AsyncLocalStorage<Queryable>());

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
