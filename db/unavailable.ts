// No imports: client components (the admin error boundary) read the digest from here.

/** Next keeps an error's own `digest` on its way to the client error boundary; this one names an outage. */
export const DB_UNAVAILABLE_DIGEST = 'NEROPANEL_DB_UNAVAILABLE';

/**
 * The database did not answer: refused, cut, or silent past a timeout. Callers with a last-known answer
 * use it; admin routes answer 503 `db_unavailable`, admin pages say so instead of failing.
 */
export class DatabaseUnavailable extends Error {
  readonly code = 'db_unavailable';
  readonly digest = DB_UNAVAILABLE_DIGEST;
  constructor(cause?: unknown) {
    super('The database is unavailable', { cause });
    this.name = 'DatabaseUnavailable';
  }
}

export function isDatabaseUnavailable(err: unknown): err is DatabaseUnavailable {
  return err instanceof DatabaseUnavailable || (err as { digest?: unknown } | null)?.digest === DB_UNAVAILABLE_DIGEST;
}

// SQLSTATE classes and codes that mean "no answer from the server", not "your statement is wrong":
// 08 connection exception, 57014 query_canceled (statement_timeout), 57P01-57P03 shutdown / starting,
// 53300 too many connections.
const UNAVAILABLE_SQLSTATE = /^(08...|57014|57P0[1-3]|53300)$/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Connection ended|Client has encountered a connection error|Cannot use a pool after calling end|the database connection was lost/i;

/** Whether a driver error means the database is out of reach (as opposed to a failed statement). */
export function isConnectionFailure(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))) return true;
  if (err instanceof AggregateError && err.errors.some(isConnectionFailure)) return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message);
}
