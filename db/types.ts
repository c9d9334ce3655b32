// The database as every layer sees it; no imports, so db/migrate.ts and db/client.ts share it without a cycle.

/** What every query module sees: the same SQL on `pg` or on embedded PGlite. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Several statements, no parameters (schema files). */
  exec(sql: string): Promise<void>;
}

/** An exclusive job lock (see Database.tryLock). */
export interface Lock {
  /**
   * Aborted when the lock can no longer be trusted: its connection failed, ended or stopped answering,
   * so PostgreSQL may have let it go and another replica may take it. The holder stops its work.
   */
  readonly signal: AbortSignal;
  release(): Promise<void>;
}

export interface Database extends Queryable {
  driver: 'pg' | 'pglite';
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Holds an exclusive lock named by `key` until `release()`, or answers null when someone holds it.
   * PostgreSQL: a session advisory lock on a dedicated connection, so it spans replicas and vanishes
   * with a dead process; the connection is watched (its `signal` aborts when it is lost). PGlite has
   * one process and one connection: an in-process lock that cannot be lost.
   */
  tryLock(key: string): Promise<Lock | null>;
  close(): Promise<void>;
}
