import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter } from 'prom-client';
import { clientIp } from '@/lib/auth/client-ip';
import { processState } from '@/lib/state';
import { maskRequestPath } from './mask-path';
import { metrics } from './metrics';
import { recordRequest } from './request-log';

/** Which Xtream route answered; streams record once, when they end, with their whole duration. */
export type XtreamRouteKind = 'player_api' | 'panel_api' | 'get.php' | 'xmltv' | 'stream:live' | 'stream:movie' | 'stream:series' | 'stream:bare' | 'stream:hls' | 'stream:timeshift';

type Params = Record<string, string | undefined>;
type Query = Record<string, string | string[] | undefined>;

// What a handler learnt that the URL does not show: a POST form's fields, the account behind an HLS token.
const notes = processState('requestLogNotes', () => ({ params: new WeakMap<IncomingMessage, Params>(), line: new WeakMap<IncomingMessage, string>() }));

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

// Next rewrites /player_api.php to /api/xtream/player_api; show the path the player used.
const PUBLIC_PATH: Record<string, string> = { player_api: '/player_api.php', panel_api: '/panel_api.php', get: '/get.php', xmltv: '/xmltv.php', timeshift: '/streaming/timeshift.php' };
function publicPath(url: string): string {
  if (!url.startsWith('/api/xtream/')) return url;
  const rest = url.slice('/api/xtream/'.length);
  const cut = rest.search(/[/?]/);
  const head = cut === -1 ? rest : rest.slice(0, cut);
  const tail = cut === -1 ? '' : rest.slice(cut);
  if (PUBLIC_PATH[head] && !tail.startsWith('/')) return PUBLIC_PATH[head] + tail;
  if (head === 'stream') return tail;
  return `/${rest}`;
}

const all = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const clip = (s: string | undefined | null, n: number) => (s ? s.slice(0, n) : null);

function actionOf(kind: XtreamRouteKind, params: Params, query: Query): string {
  if (kind !== 'player_api') return kind;
  return clip(params.action ?? first(query.action), 64) || 'login';
}

function requestIp(req: IncomingMessage): string {
  const given = req.headers['x-forwarded-for'];
  const chain = (Array.isArray(given) ? given.join(',') : given ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const socket = req.socket?.remoteAddress ?? 'unknown';
  if (chain[chain.length - 1] !== socket) chain.push(socket);
  return clientIp({ 'x-forwarded-for': chain.join(', ') }).slice(0, 64);
}

function describe(kind: XtreamRouteKind, req: IncomingMessage, res: ServerResponse, at: number, durationMs: number) {
  const query: Query = (req as { query?: Query }).query ?? {};
  const params = notes.params.get(req) ?? {};
  const secrets = [...all(params.password), ...all(query.password), ...all(query.p)];
  // Aborted before an answer: nginx's 499, so a vanished client is not counted as a success.
  const status = res.headersSent || res.writableFinished ? res.statusCode : 499;
  return {
    at: new Date(at).toISOString(),
    line: clip(notes.line.get(req) ?? params.username ?? first(query.username) ?? first(query.u), 64),
    action: actionOf(kind, params, query),
    path: maskRequestPath(publicPath(req.url ?? '/'), secrets),
    status,
    durationMs: Math.round(durationMs),
    ip: requestIp(req),
    userAgent: clip(first(req.headers['user-agent']), 512),
  };
}

/**
 * Wraps a Pages API handler of the Xtream surface so each request it answers is recorded once, when
 * the response finishes or the client goes away. Cost on the request path: two listeners; the record
 * is built after the response is written, and only memory is touched (see request-log.ts).
 */
export function withRequestLog<Req extends IncomingMessage, Res extends ServerResponse>(
  kind: XtreamRouteKind,
  handler: (req: Req, res: Res) => Promise<void>,
): (req: Req, res: Res) => Promise<void> {
  return (req, res) => {
    const started = performance.now();
    const at = Date.now();
    let recorded = false;
    const done = () => {
      if (recorded) return;
      recorded = true;
      try {
        const record = describe(kind, req, res, at, performance.now() - started);
        recordRequest(record);
        requestsTotal.inc({ kind: kind.startsWith('stream:') ? 'stream' : kind, status: `${Math.floor(record.status / 100)}xx` });
      } catch {
        // Monitoring never breaks an answer.
      }
    };
    res.once('finish', done);
    res.once('close', done);
    return handler(req, res);
  };
}
