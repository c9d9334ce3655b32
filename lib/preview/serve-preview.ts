import type { IncomingMessage, ServerResponse } from 'node:http';
import { userFromCookieHeader } from '@/lib/auth/cookie-session';
import { requestClientIp } from '@/lib/net/client-ip';
import { streamContentType } from '@/lib/relay/content-type';
import { relayFile } from '@/lib/relay/file-relay';
import { liveHub } from '@/lib/relay/live-hub';
import { holdPlayback, joinPlayback, playbackSettings } from '@/lib/relay/playback';
import { resolveRoute } from '@/lib/routing/resolve';
import { releaseViewer, reserveViewer, type LineLimit } from '@/lib/slots/slots';

// GET /api/preview/{publicId}: a live channel or a movie/episode played in the admin's browser
// (components/admin/preview). Answered on the node:http front like player streams, with the admin
// session instead of a player account; it takes the same slots a player would (a viewer on the
// channel's hub, an upstream connection) and shows in the monitor as "preview (username)".

/** Previews of one panel user share this pseudo account: two at a time, the newest wins. */
const PREVIEW_VIEWERS = 2;

function json(res: ServerResponse, status: number, code: string, message: string) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify({ error: { code, message } }));
}

export async function servePreview(req: IncomingMessage, res: ServerResponse, rawId: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, 'method_not_allowed', 'GET only');
  const user = await userFromCookieHeader(req.headers.cookie);
  if (!user) return json(res, 401, 'unauthorized', 'Sign in to preview');
  if (!/^\d{1,15}$/.test(rawId)) return json(res, 404, 'not_found', 'No such item');
  const publicId = Number(rawId);
  const route = await resolveRoute(publicId, { extension: 'ts' });
  if (!route || route.sources.length === 0 || (route.item.kind !== 'live' && route.item.kind !== 'movie' && route.item.kind !== 'episode')) {
    return json(res, 404, 'not_found', 'Nothing to play for this item');
  }
  const line: LineLimit = { id: `preview:${user.id}`, username: `preview (${user.username})`, maxConnections: PREVIEW_VIEWERS, onLimit: 'kick_oldest' };
  const clientIp = requestClientIp(req);
  const info = { publicId, name: route.item.name, upstreamId: route.sources[0].upstreamId, clientIp };

  if (route.item.kind === 'live') {
    if (req.method === 'HEAD') return void res.writeHead(200, { 'Content-Type': streamContentType('ts'), 'Cache-Control': 'no-store' }).end();
    const session = await reserveViewer(line, { ...info, mode: 'proxy', format: 'ts', close: () => res.destroy() });
    if (!session) return json(res, 429, 'too_many_previews', 'Too many previews open');
    try {
      // The players' hub of this channel: a preview shares its one upstream connection.
      const joined = await liveHub(`live:${publicId}`, route.sources).join(
        res,
        (n) => {
          session.bytes += n;
          session.lastActivity = Date.now();
        },
        (upstreamId) => (session.upstreamId = upstreamId),
      );
      if (!joined.ok) return json(res, joined.status, 'upstream_unavailable', joined.message);
      session.upstreamId = joined.upstreamId;
      await joined.ended;
    } finally {
      releaseViewer(session);
    }
    return;
  }

  const playback = await joinPlayback('file', line, { ...info, userAgent: String(req.headers['user-agent'] ?? '') }, playbackSettings.fileIdleMs);
  if (!playback) return json(res, 429, 'too_many_previews', 'Too many previews open');
  const done = holdPlayback(playback, res);
  try {
    const s = playback.session;
    await relayFile(
      req,
      res,
      route.sources,
      route.item.containerExtension ?? 'mp4',
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
}
