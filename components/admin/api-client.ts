import { z } from 'zod';

const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});

/** An admin API answer outside 2xx, in the `{error:{code,message,fields}}` shape of API.md. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Calls the admin API from the browser (a GET without `init`); resolves with the parsed JSON body
 * (null for 204) and throws an ApiError for anything outside 2xx or a network failure.
 */
export async function callApi(path: string, init: { method: ApiMethod; body?: unknown } = { method: 'GET' }): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method,
      // Lists and job progress change under the page: a GET is never answered from the HTTP cache.
      cache: init.method === 'GET' ? 'no-store' : undefined,
      headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.');
  }
  const body: unknown = res.status === 204 ? null : await res.json().catch(() => null);
  if (res.ok) return body;
  if (res.status === 401 && typeof window !== 'undefined' && window.location.pathname !== '/login') {
    // The session expired (or was ended) while the page was open: a full load of /login, then back here.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a fresh load drops the stale page state
    window.location.assign(`/login?callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  }
  const parsed = errorBodySchema.safeParse(body);
  if (parsed.success) {
    const { code, message, fields } = parsed.data.error;
    throw new ApiError(res.status, code, message, fields);
  }
  throw new ApiError(res.status, 'http_error', `The server answered with status ${res.status}.`);
}

/** The message to toast for a failed call. */
export function describeApiError(err: unknown): string {
  if (!(err instanceof ApiError)) return 'Something went wrong. Try again.';
  if (err.code === 'last_admin') return 'The last active admin cannot be removed or demoted.';
  if (err.status === 401) return 'Your session has ended. Sign in again.';
  if (err.status === 403) return 'Only admins can do this.';
  return err.message;
}
