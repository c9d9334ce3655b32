import type { IncomingMessage, ServerResponse } from 'node:http';

// Browser players (web IPTV players, hls.js pages) call the player surface from their own origin, as
// classic panels allow (XTREAM.md §5). Nothing here is credentialed by cookies, so `*` is safe; the
// admin API never passes through this (it is served by Next, same-origin only).

const ALLOW_METHODS = 'GET, POST, HEAD, OPTIONS';
const ALLOW_HEADERS = ['Range', 'If-Range', 'If-None-Match', 'Content-Type', 'Accept', 'Accept-Encoding', 'Authorization', 'Origin', 'X-Requested-With'];
const EXPOSE_HEADERS = 'Content-Range, Content-Length, Accept-Ranges, Content-Type, ETag';
const PREFLIGHT_MAX_AGE_S = '86400';

/** A header name a browser may ask for in a preflight: a token, nothing else. */
const token = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;

/**
 * Adds the CORS headers to a player response (they merge into the handler's own `writeHead`), and
 * answers a preflight `OPTIONS` itself: 204 with the methods and headers allowed. Returns true when
 * the request is answered.
 */
export function applyPlayerCors(req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', EXPOSE_HEADERS);
  if (req.method !== 'OPTIONS') return false;
  const asked = String(req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => token.test(h) && !ALLOW_HEADERS.some((a) => a.toLowerCase() === h.toLowerCase()));
  res.writeHead(204, {
    'Access-Control-Allow-Methods': ALLOW_METHODS,
    'Access-Control-Allow-Headers': [...ALLOW_HEADERS, ...asked.slice(0, 20)].join(', '),
    'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_S,
    Allow: ALLOW_METHODS,
    'Content-Length': '0',
  });
  res.end();
  return true;
}
