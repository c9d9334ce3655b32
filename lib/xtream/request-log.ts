import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter } from 'prom-client';
import { requestClientIp } from '@/lib/net/client-ip';
import { processState } from '@/lib/state';
import { maskRequestPath } from '@/lib/monitor/mask-path';
import { metrics } from '@/lib/monitor/metrics';
import { recordRequest } from '@/lib/monitor/request-log';
import { requestOutcome } from '@/lib/monitor/request-outcome';

/** Which Xtream route answered; streams record once, when they end, with their whole duration. */
export type XtreamRouteKind = 'player_api' | 'panel_api' | 'get.php' | 'xmltv' | 'stream:live' | 'stream:movie' | 'stream:series' | 'stream:bare' | 'stream:hls' | 'stream:timeshift' | 'hdhr';

type Params = Record<string, string | undefined>;
/** What the player front parsed (lib/xtream/handlers/context.ts has the full type). */
interface RequestContext {
  query: URLSearchParams;
  params: Record<string, string>;
}

// What a handler learnt that the URL does not show: a POST form's fields, the account behind an HLS token.
const notes = processState('requestLogNotes', () => ({
  params: new WeakMap<IncomingMessage, Params>(),
  line: new WeakMap<IncomingMessage, string>(),
  action: new WeakMap<IncomingMessage, string>(),
}));

const requestsTotal = processState(
  'xtreamRequestsCounter',
  () => new Counter({ name: 'neropanel_xtream_requests_total', help: 'Xtream requests answered', labelNames: ['kind', 'status'] as const, registers: [metrics] }),
);

/** Called by readXtreamRequest: the parameters as the handler sees them (query and form body). */
export function noteXtreamParams(req: IncomingMessage, params: Params): void {
  notes.params.set(req, params);
}

/** The account a request belongs to when its URL does not name it (HLS tokens). */
export function noteRequestLine(req: IncomingMessage, username: string): void {
  notes.line.set(req, username);
}

/** What the request ended as when the route does not say it (a refused stream answered with the fallback video). */
export function noteRequestAction(req: IncomingMessage, action: string): void {
  notes.action.set(req, action.slice(0, 64));
}

// Player requests not yet recorded: a stopping server waits for the last of them (after it closed
// their sockets, their 'close' events come a few event-loop turns later) before the log is flushed.
const inFlight = processState('requestLogInFlight', () => ({ n: 0, idle: new Set<() => void>() }));

/** Resolves once every player request has been recorded, or after `maxMs`. */
export function playerRequestsRecorded(maxMs: number): Promise<void> {
  if (inFlight.n === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      inFlight.idle.delete(done);
      resolve();
    };
    const timer = setTimeout(done, maxMs);
    inFlight.idle.add(done);
  });
}

const clip = (s: string | undefined | null, n: number) => (s ? s.slice(0, n) : null);

function actionOf(kind: XtreamRouteKind, params: Params, ctx: RequestContext): string {
  if (kind !== 'player_api') return kind;
  return clip(params.action ?? ctx.query.get('action') ?? undefined, 64) || 'login';
}

const requestIp = (req: IncomingMessage) => requestClientIp(req).slice(0, 64);

function describe(kind: XtreamRouteKind, req: IncomingMessage, res: ServerResponse, ctx: RequestContext, at: number, durationMs: number) {
  const params = notes.params.get(req) ?? {};
  const secrets = [params.password, ...ctx.query.getAll('password'), ctx.params.p].filter((s): s is string => Boolean(s));
  // Aborted before an answer: nginx's 499, so a vanished client is not counted as a success.
  const status = res.headersSent || res.writableFinished ? res.statusCode : 499;
  const outcome = requestOutcome(res);
  return {
    at: new Date(at).toISOString(),
    line: clip(notes.line.get(req) ?? params.username ?? ctx.query.get('username') ?? ctx.params.u, 64),
    action: notes.action.get(req) ?? actionOf(kind, params, ctx),
    path: maskRequestPath(req.url ?? '/', secrets),
    status,
    durationMs: Math.round(durationMs),
    ip: requestIp(req),
    userAgent: clip(req.headers['user-agent'], 512),
    reason: clip(outcome?.reason ?? (status === 499 ? 'the client went away before an answer' : undefined), 500),
    upstreams: outcome?.upstreams?.slice(0, 20) ?? null,
  };
}

/**
 * Wraps a handler of the player surface so each request it answers is recorded once, when
 * the response finishes or the client goes away. Cost on the request path: two listeners; the record
 * is built after the response is written, and only memory is touched (see request-log.ts).
 */
export function withRequestLog<Ctx extends RequestContext>(
  kind: XtreamRouteKind,
  handler: (req: IncomingMessage, res: ServerResponse, ctx: Ctx) => Promise<void>,
): (req: IncomingMessage, res: ServerResponse, ctx: Ctx) => Promise<void> {
  return (req, res, ctx) => {
    const started = performance.now();
    const at = Date.now();
    let recorded = false;
    inFlight.n++;
    const done = () => {
      if (recorded) return;
      recorded = true;
      if (--inFlight.n === 0) for (const wake of [...inFlight.idle]) wake();
      try {
        const record = describe(kind, req, res, ctx, at, performance.now() - started);
        recordRequest(record);
        requestsTotal.inc({ kind: kind.startsWith('stream:') ? 'stream' : kind, status: `${Math.floor(record.status / 100)}xx` });
      } catch {
        // Monitoring never breaks an answer.
      }
    };
    res.once('finish', done);
    res.once('close', done);
    return handler(req, res, ctx);
  };
}
