import type { NextRequest } from 'next/server';
import { userFromRequest, type SessionUser } from '@/lib/auth/current-user';
import { isDatabaseUnavailable } from '@/db/client';
import { logger } from '@/lib/monitor/logger';
import { bearerToken, userFromToken } from '@/lib/auth/api-token';
import { isMutating, recordChange, type Actor } from './audit-record';
import { assertSameOriginMutation } from './csrf';
import { bodyTextOf } from './validate';
import { AppError } from '@/lib/errors';

type Params = Record<string, string | string[] | undefined>;
interface RouteContext {
  params: Promise<Params>;
}

export interface AdminContext {
  req: NextRequest;
  user: SessionUser;
  params: Params;
  /** The entity as it was before this change, for the audit row (masked there). */
  auditBefore: (value: unknown) => void;
}

/**
 * Who is asking: an API token (`Authorization: Bearer np_…`; unknown, revoked or expired is a 401,
 * never a fall-back to the cookie) or the session cookie.
 */
export async function identify(req: NextRequest): Promise<{ user: SessionUser; actor: Actor } | null> {
  const bearer = bearerToken(req);
  if (bearer !== undefined) {
    const t = await userFromToken(bearer);
    if (!t) throw new AppError('unauthorized', 'The API token is unknown, revoked or expired');
    return { user: { id: t.id, username: t.username, role: t.role }, actor: { id: t.token.id, name: `token:${t.token.name}`, kind: 'token' } };
  }
  const user = await userFromRequest(req);
  return user ? { user, actor: { id: user.id, name: user.username, kind: 'user' } } : null;
}

/**
 * An admin API handler. Checks in the order API.md fixes: session (401), role (403), then the handler
 * parses input (400) and looks things up (404). A mutation must also be same-origin JSON (./csrf.ts). Any other error is a JSON 500, never a stack trace.
 * `viewer` routes are readable by every signed-in user; `admin` routes change state.
 * Every mutation that succeeds writes an audit row (./audit-record.ts): who, from where, the input and the
 * answer with secrets masked.
 */
export function adminRoute(role: 'viewer' | 'admin', handler: (ctx: AdminContext) => Promise<Response>) {
  return async (req: NextRequest, ctx: RouteContext): Promise<Response> => {
    try {
      const who = await identify(req);
      if (!who) throw new AppError('unauthorized', 'Sign in first');
      const { user, actor } = who;
      if (role === 'admin' && user.role !== 'admin') throw new AppError('forbidden', 'This needs the admin role');
      assertSameOriginMutation(req);
      const params = (await ctx?.params) ?? {};
      if (!isMutating(req.method)) return await handler({ req, user, params, auditBefore: () => {} });
      let before: unknown;
      const res = await handler({ req, user, params, auditBefore: (v) => (before = v) });
      if (res.status < 400) {
        const outputText = res.headers.get('content-type')?.includes('json') ? await res.clone().text() : '';
        await recordChange({ req, actor, params, status: res.status, inputText: bodyTextOf(req), outputText, before });
      }
      return res;
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** A route open without a session (health, setup): same error mapping. */
export function openRoute(handler: (req: NextRequest, params: Params) => Promise<Response>) {
  return async (req: NextRequest, ctx: RouteContext): Promise<Response> => {
    try {
      assertSameOriginMutation(req);
      return await handler(req, (await ctx?.params) ?? {});
    } catch (err) {
      return errorResponse(err);
    }
  };
}

export function errorResponse(err: unknown): Response {
  if (err instanceof AppError) {
    const body = { error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } };
    return Response.json(body, { status: err.status });
  }
  if (isDatabaseUnavailable(err)) {
    // An outage, not a bug: no stack in the log for every request, a retryable answer for the client.
    logger.warn({ err: err.message }, 'admin API request failed: database unavailable');
    return Response.json({ error: { code: 'db_unavailable', message: 'The database is unavailable; try again in a moment' } }, { status: 503, headers: { 'retry-after': '5' } });
  }
  logger.error({ err }, 'admin API request failed');
  return Response.json({ error: { code: 'internal', message: 'Internal error' } }, { status: 500 });
}

export const ok = (data: unknown, status = 200) => Response.json(data, { status });
export const created = (data: unknown) => Response.json(data, { status: 201 });
export const noContent = () => new Response(null, { status: 204 });
