import type { IncomingMessage, ServerResponse } from 'node:http';
import { lineMayOpen } from '@/lib/curation/line-catalog';
import { requestClientIp } from '@/lib/net/client-ip';
import type { Catchup } from '@/lib/routing/catchup';
import { resolveRoute } from '@/lib/routing/resolve';
import type { ResolvedRoute } from '@/lib/routing/types';
import { streamContentType, streamHeaders } from '@/lib/relay/content-type';
import { relayFile } from '@/lib/relay/file-relay';
import { serveHlsPlaylist } from '@/lib/relay/hls';
import { isHlsSource } from '@/lib/relay/content-type';
import { serveHubPlaylist } from '@/lib/relay/hub/hls-output';
import { liveHub } from '@/lib/relay/live-hub';
import { HLS_DEFAULT_TARGET_S, hlsIdleMs, holdPlayback, joinPlayback, playbackSettings } from '@/lib/relay/playback';
import { releaseViewer, reserveViewer, type ViewerSession } from '@/lib/slots/slots';
import { noteRequestOutcome } from '@/lib/monitor/request-outcome';
import { ipBannedFor } from '@/lib/lines/credentials';
import { authenticatePlayer } from './authenticate';
import { refuseLive } from './refuse-live';
import { publicBaseUrl } from '@/lib/http/public-url';

export type StreamPath = 'live' | 'movie' | 'series' | 'bare';

const KIND_OF_PATH: Record<StreamPath, ResolvedRoute['item']['kind'][]> = {
  live: ['live'],
  movie: ['movie'],
  series: ['episode'],
  bare: ['live', 'movie', 'episode'],
};

/** A plain-text answer; the monitor keeps `reason` (by default the message) for a refusal. */
function text(res: ServerResponse, status: number, message: string, reason = message) {
  if (status >= 400) noteRequestOutcome(res, { reason });
  if (!res.headersSent) res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${message}\n`);
}

/**
 * A stream request (XTREAM.md §5): the account is checked (status, expiry, output format) before
 * anything is opened; the router decides proxy, redirect or direct; proxied streams hold a viewer
 * slot that every path gives back. With `catchup`, a live channel's archive window is played instead
 * (the provider's timeshift URL, relayed like a file so Range and seeking work).
 */
export async function serveStream(
  req: IncomingMessage,
  res: ServerResponse,
  path: StreamPath,
  username: string,
  password: string,
  stream: string,
  catchup?: Catchup,
): Promise<void> {
  const match = /^(\d{1,15})(?:\.([A-Za-z0-9]{1,5}))?$/.exec(stream);
  if (!match) return text(res, 404, 'Not found');
  const publicId = Number(match[1]);
  const ip = requestClientIp(req);
  const auth = await authenticatePlayer(username, password, ip);
  if (!auth.ok) return text(res, auth.reason === 'rate_limited' ? 429 : 401, auth.reason === 'rate_limited' ? 'Too many failed logins' : 'Unauthorized');
  if (auth.status !== 'Active') {
    // The player hears what a banned account hears; the monitor says it was this IP.
    const ipBanned = auth.line.status === 'active' && ipBannedFor(auth.line, ip);
    return text(res, 403, `Account ${auth.status.toLowerCase()}`, ipBanned ? `Client IP ${ip} is banned for this account` : undefined);
  }

  const requestedExt = match[2]?.toLowerCase();
  const liveExt = requestedExt === 'm3u8' ? 'm3u8' : 'ts';
  const route = await resolveRoute(publicId, { extension: requestedExt ?? undefined, catchup });
  if (!route || !KIND_OF_PATH[path].includes(route.item.kind)) return text(res, 404, 'No such stream');
  // Outside the account's bouquets (or hidden by the admin): refused before any upstream is opened.
  if (!(await lineMayOpen(auth.line, { kind: route.item.kind, publicId }))) return text(res, 403, 'Not available for this account');
  if (catchup && route.item.kind !== 'live') return text(res, 404, 'Catch-up is for live channels');
  if (route.sources.length === 0) return text(res, 404, catchup ? 'No archive for this channel' : 'No such stream');
  // A catch-up window is a finite recording: relayed like a movie, not through the live hub.
  const live = route.item.kind === 'live' && !catchup;
  if (route.item.kind === 'live' && !auth.line.allowedOutputFormats.includes(liveExt)) return text(res, 403, `Output format ${liveExt} is not allowed for this account`);

  if (route.mode !== 'proxy') {
    res.writeHead(302, { Location: route.sources[0].url, 'Cache-Control': 'no-store' }).end();
    return;
  }
  if (live && req.method === 'HEAD') {
    // Players probe live URLs with HEAD: answer the type without opening the upstream.
    res.writeHead(200, { ...streamHeaders(streamContentType(liveExt)), 'Cache-Control': 'no-store' }).end();
    return;
  }
  const lineLimit = { id: auth.line.id, username: auth.line.username, maxConnections: auth.line.maxConnections, onLimit: auth.line.onLimit };
  const hls = route.item.kind === 'live' && liveExt === 'm3u8';
  if (!live || hls) {
    // Movies, episodes and HLS span several requests: they share one playback (one viewer slot).
    const playback = await joinPlayback(
      hls ? 'hls' : 'file',
      lineLimit,
      { publicId, name: route.item.name, upstreamId: route.sources[0].upstreamId, clientIp: ip, userAgent: String(req.headers['user-agent'] ?? '') },
      hls ? hlsIdleMs(HLS_DEFAULT_TARGET_S) : playbackSettings.fileIdleMs,
    );
    if (!playback) return text(res, 429, `Connection limit reached for this account (${lineLimit.maxConnections}/${lineLimit.maxConnections} in use)`);
    const done = holdPlayback(playback, res);
    try {
      if (hls && isHlsSource(route.sources[0])) return await serveHlsPlaylist(res, route.sources, publicBaseUrl(req.headers, req.socket.localPort), auth.line.id, playback);
      if (hls) {
        // An MPEG-TS source (TS-only provider, local .ts URL): the channel's hub cuts HLS from the
        // same one connection its .ts viewers share (so the hub is fed the .ts route).
        const tsRoute = await resolveRoute(publicId, { extension: 'ts' });
        return await serveHubPlaylist(res, publicId, tsRoute?.sources ?? route.sources, publicBaseUrl(req.headers, req.socket.localPort), auth.line.id, playback);
      }
      const s = playback.session;
      await relayFile(
        req,
        res,
        route.sources,
        requestedExt ?? route.item.containerExtension ?? (catchup ? 'ts' : 'mp4'),
        (n, upstreamId) => {
          s.bytes += n;
          s.lastActivity = Date.now();
          s.upstreamId = upstreamId;
        },
        playback.takeSlot,
      );
    } finally {
      done(res.statusCode < 400);
    }
    return;
  }

  let session: ViewerSession | null = null;
  try {
    session = await reserveViewer(lineLimit, { publicId, name: route.item.name, upstreamId: route.sources[0].upstreamId, mode: 'proxy', format: 'ts', clientIp: ip, close: () => res.destroy() });
    if (!session) {
      const message = `Connection limit reached for this account (${lineLimit.maxConnections}/${lineLimit.maxConnections} in use)`;
      noteRequestOutcome(res, { reason: message });
      // Refused: the fallback video (when on) holds no slot of the account or an upstream.
      return await refuseLive(req, res, 429, message, 'account_limit');
    }
    const s = session;
    const count = (n: number) => {
      s.bytes += n;
      s.lastActivity = Date.now();
    };
    // The monitor follows the hub when it fails over to another upstream.
    const joined = await liveHub(`live:${publicId}`, route.sources).join(res, count, (upstreamId) => (s.upstreamId = upstreamId));
    if (!joined.ok) {
      releaseViewer(session);
      // Players see no provider names; the monitor sees which upstream refused and why.
      noteRequestOutcome(res, { upstreams: joined.attempts, reason: joined.message });
      const full = joined.status === 503;
      return await refuseLive(req, res, joined.status, full ? 'every upstream is at its connection limit' : 'no upstream answered', full ? 'upstream_full' : 'sources_failed');
    }
    s.upstreamId = joined.upstreamId;
    if (joined.upstreamId) noteRequestOutcome(res, { upstreams: [{ upstreamId: joined.upstreamId, name: route.sources.find((x) => x.upstreamId === joined.upstreamId)?.upstreamName ?? 'an upstream', result: 'opened', detail: 'joined the channel' }] });
    await joined.ended;
  } finally {
    if (session) releaseViewer(session);
  }
}
