import type { IncomingMessage, ServerResponse } from 'node:http';
import { findLineById } from '@/db/queries/lines';
import type { LineRow } from '@/db/queries/lines';
import { lineStatusFrom } from '@/lib/lines/credentials';
import { requestClientIp } from '@/lib/net/client-ip';
import { logger } from '@/lib/monitor/logger';
import { noteRequestLine, withRequestLog } from '@/lib/xtream/request-log';
import { readHlsToken, serveHlsTicket } from '@/lib/relay/hls';
import { findPlayback, holdPlayback } from '@/lib/relay/playback';
import { publicBaseUrl } from '@/lib/http/public-url';
import { readHubToken, serveHubSegment } from '@/lib/relay/hub/hls-output';
import { sendText, type PlayerRequestContext } from './context';

// A token outlives neither the account's status nor a ban of the client's IP for it.
const admitted = (line: LineRow, req: IncomingMessage) =>
  lineStatusFrom({ status: line.status, expiresAt: line.expires_at, bannedIps: line.banned_ips ?? [] }, requestClientIp(req)) === 'Active';

/** /hls/{publicId}~{token}.{ext}: segments and nested playlists behind opaque tokens minted by a live .m3u8 answer. */
async function hlsHandler(req: IncomingMessage, res: ServerResponse, ctx: PlayerRequestContext) {
  try {
    // `{publicId}~` in front is for the load balancer (docs/scaling.md); the token itself names the channel.
    const token = (ctx.params.token ?? '').replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/^\d{1,15}~/, '');
    const ticket = readHlsToken(token);
    if (!ticket) return sendText(res, 404, 'Not found');
    const line = await findLineById(ticket.l);
    if (line) noteRequestLine(req, line.username);
    if (!line || !admitted(line, req)) return sendText(res, 403, 'Account not active');
    // A token keeps only its own playback alive: once that ended (idle, kicked), the player asks for the playlist again.
    const playback = findPlayback(ticket.p, ticket.l);
    if (!playback) return sendText(res, 403, 'Playback ended');
    const done = holdPlayback(playback, res);
    try {
      await serveHlsTicket(req, res, ticket, publicBaseUrl(req.headers, req.socket.localPort), playback);
    } finally {
      done(res.statusCode < 400);
    }
  } catch (err) {
    logger.error({ err }, 'hls failed');
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal error\n');
    else res.destroy();
  }
}

export const hlsSegment = withRequestLog('stream:hls', hlsHandler);

/** /hls/{publicId}~{token}/{seq}.ts: a segment the channel's hub cut from its MPEG-TS source, from memory. */
async function hubSegmentHandler(req: IncomingMessage, res: ServerResponse, ctx: PlayerRequestContext) {
  try {
    const ticket = readHubToken((ctx.params.token ?? '').replace(/^\d{1,15}~/, ''));
    const seq = /^(\d{1,12})\.ts$/.exec(ctx.params.segment ?? '');
    if (!ticket || !seq) return sendText(res, 404, 'Not found');
    const line = await findLineById(ticket.l);
    if (line) noteRequestLine(req, line.username);
    if (!line || !admitted(line, req)) return sendText(res, 403, 'Account not active');
    const playback = findPlayback(ticket.p, ticket.l);
    if (!playback) return sendText(res, 403, 'Playback ended');
    const done = holdPlayback(playback, res);
    try {
      serveHubSegment(res, ticket, Number(seq[1]), playback);
    } finally {
      done(res.statusCode < 400);
    }
  } catch (err) {
    logger.error({ err }, 'hls segment failed');
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal error\n');
    else res.destroy();
  }
}

export const hubHlsSegment = withRequestLog('stream:hls', hubSegmentHandler);
