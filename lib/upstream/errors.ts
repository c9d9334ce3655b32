export const upstreamErrorCodes = [
  'bad_credentials',
  'not_xtream',
  'timeout',
  'refused',
  'dns',
  'tls',
  'http_error',
  'empty',
  'invalid_response',
  'banned',
  'network',
] as const;
export type UpstreamErrorCode = (typeof upstreamErrorCodes)[number];

export interface UpstreamErrorOptions {
  status?: number;
  /** Redacted technical detail (error code, first bytes of the answer) for logs. */
  detail?: string;
  /** Whether the same call may succeed if tried again (network faults, 5xx). */
  retryable?: boolean;
}

/** A fault of the upstream provider or of the way to it; its message is safe to show an admin. */
export class UpstreamError extends Error {
  readonly code: UpstreamErrorCode;
  readonly status: number | null;
  readonly detail: string | null;
  readonly retryable: boolean;

  constructor(code: UpstreamErrorCode, message: string, options: UpstreamErrorOptions = {}) {
    super(redactCredentials(message));
    this.name = 'UpstreamError';
    this.code = code;
    this.status = options.status ?? null;
    this.detail = options.detail === undefined ? null : redactCredentials(options.detail);
    this.retryable = options.retryable ?? false;
  }
}

export class InvalidServerUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidServerUrlError';
  }
}

export function isUpstreamError(value: unknown): value is UpstreamError {
  return value instanceof UpstreamError;
}

/**
 * Xtream URLs carry credentials in the query (`password=`) and in stream paths
 * (`/live/{u}/{p}/1.ts`), so anything built from a URL goes through here first.
 */
export function redactCredentials(text: string, secrets: readonly string[] = []): string {
  let out = text
    .replace(/(password=)[^&\s"'#]*/gi, '$1***')
    .replace(/(\/(?:live|movie|series|timeshift)\/[^/\s]+\/)[^/\s]+(\/)/gi, '$1***$2')
    .replace(/(\/\/[^/\s:@]+:)[^@/\s]+@/g, '$1***@');
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join('***');
  }
  return out;
}
