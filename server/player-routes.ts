import type { IncomingMessage, ServerResponse } from 'node:http';
import { RESERVED_USERNAMES } from '@/lib/lines/schemas';
import { logger } from '@/lib/monitor/logger';
import { applyPlayerCors } from '@/lib/xtream/cors';
import type { PlayerHandler } from '@/lib/xtream/handlers/context';
import { getPlaylistHandler, xmltvHandler } from '@/lib/xtream/handlers/downloads';
import { hlsSegment, hubHlsSegment } from '@/lib/xtream/handlers/hls';
import { hdhrHandler } from '@/lib/xtream/handlers/hdhr';
import { panelApiHandler, playerApiHandler } from '@/lib/xtream/handlers/player-api';
import { bareStream, liveStream, movieStream, seriesStream, timeshiftPathStream, timeshiftQueryStream } from '@/lib/xtream/handlers/streams';

// The one routing table for everything players reach (XTREAM.md §1). The node:http front asks it
// first; what it does not take goes to Next (pages, admin API, auth). New player outputs (bouquets,
// HDHomeRun...) get a line here and nowhere else.

export interface PlayerRoute {
  /** `/literal/:param/...`; every segment of a request must match, none may be empty. */
  pattern: string;
  handler: PlayerHandler;
}

export const PLAYER_ROUTES: readonly PlayerRoute[] = [
  { pattern: '/player_api.php', handler: playerApiHandler },
  { pattern: '/api/player_api.php', handler: playerApiHandler },
  { pattern: '/panel_api.php', handler: panelApiHandler },
  { pattern: '/get.php', handler: getPlaylistHandler },
  { pattern: '/xmltv.php', handler: xmltvHandler },
  { pattern: '/streaming/timeshift.php', handler: timeshiftQueryStream },
  { pattern: '/live/:u/:p/:stream', handler: liveStream },
  { pattern: '/movie/:u/:p/:stream', handler: movieStream },
  { pattern: '/series/:u/:p/:stream', handler: seriesStream },
  { pattern: '/timeshift/:u/:p/:minutes/:start/:stream', handler: timeshiftPathStream },
  { pattern: '/hls/:token', handler: hlsSegment },
  { pattern: '/hls/:token/:segment', handler: hubHlsSegment },
  // HDHomeRun emulation per account (docs/hdhomerun.md): discover.json, lineup.json, lineup_status.json, lineup.post, device.xml
  { pattern: '/hdhr/:u/:p/:file', handler: hdhrHandler },
  // The bare form, last: only when the first segment can be a player's username (never one of the
  // panel's own segments, which usernames may not take); a malformed id gets the handler's 404.
  { pattern: '/:u/:p/:stream', handler: bareStream },
];

const RESERVED = new Set(RESERVED_USERNAMES.map((u) => u.toLowerCase()));

type Segment = { literal: string } | { param: string };
const compiled = PLAYER_ROUTES.map((route) => ({
  route,
  segments: route.pattern
    .split('/')
    .slice(1)
    .map((s): Segment => (s.startsWith(':') ? { param: s.slice(1) } : { literal: s })),
}));

export interface MatchedPlayerRoute {
  handler: PlayerHandler;
  params: Record<string, string>;
}

/** The route for a path, with its parameters percent-decoded once, or null when it is not a player path. */
export function matchPlayerRoute(pathname: string): MatchedPlayerRoute | null {
  const parts = pathname.split('/').slice(1);
  for (const { route, segments } of compiled) {
    if (segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < segments.length && ok; i++) {
      const seg = segments[i];
      const raw = parts[i];
      if ('literal' in seg) ok = raw === seg.literal;
      else if (!raw) ok = false;
      else {
        try {
          params[seg.param] = decodeURIComponent(raw);
        } catch {
          ok = false; // a malformed escape is nobody's player URL
        }
      }
    }
    if (!ok) continue;
    if (route.handler === bareStream && RESERVED.has(params.u.toLowerCase())) continue;
    return { handler: route.handler, params };
  }
  return null;
}

/**
 * Answers a player request (with CORS headers, a preflight `OPTIONS` included) and returns true, or
 * returns false and leaves the request alone. Handlers
 * answer their own failures in the Xtream shapes; this is the last line.
 */
export function servePlayerRequest(req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const match = matchPlayerRoute(q === -1 ? url : url.slice(0, q));
  if (!match) return false;
  // CORS on every player route, preflights answered here (XTREAM.md §5); never on what Next serves.
  if (applyPlayerCors(req, res)) return true;
  const query = new URLSearchParams(q === -1 ? '' : url.slice(q + 1));
  match.handler(req, res, { query, params: match.params }).catch((err: unknown) => {
    logger.error({ err }, 'player request failed');
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal error\n');
    else res.destroy();
  });
  return true;
}
