import type { IncomingMessage, ServerResponse } from 'node:http';
import { logger } from '@/lib/monitor/logger';
import { withRequestLog } from '@/lib/xtream/request-log';
import { authorizeDownload, streamText } from '@/lib/xtream/downloads';
import { publicBaseUrl } from '@/lib/http/public-url';
import { playerArtwork } from '@/lib/artwork/player-artwork';
import { m3uPlaylist, playlistLiveExtension } from '@/lib/xtream/m3u';
import { readXtreamRequest, sendXtreamError } from '@/lib/xtream/node-http';
import { xmltvGuide } from '@/lib/xtream/xmltv';
import type { PlayerRequestContext } from './context';

const unauthorized = (res: ServerResponse, status: number) => res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Unauthorized\n');

/** /get.php: the account's M3U playlist, streamed page by page (XTREAM.md §4). */
export const getPlaylistHandler = withRequestLog('get.php', async (req: IncomingMessage, res: ServerResponse, ctx: PlayerRequestContext) => {
  try {
    const xr = await readXtreamRequest(req, ctx);
    const auth = await authorizeDownload(xr);
    if (!auth.ok) return void unauthorized(res, auth.status);
    const liveExtension = playlistLiveExtension(xr.params.output, auth.line.allowedOutputFormats);
    res.writeHead(200, {
      'Content-Type': 'audio/x-mpegurl; charset=utf-8',
      'Content-Disposition': `attachment; filename="playlist_${auth.line.username}.m3u"`,
      'Cache-Control': 'no-store',
    });
    if (req.method === 'HEAD') return void res.end();
    const plus = (xr.params.type ?? 'm3u_plus').toLowerCase() !== 'm3u';
    const baseUrl = publicBaseUrl(xr.headers, xr.socketPort);
    const img = await playerArtwork(xr.headers, xr.socketPort);
    await streamText(res, m3uPlaylist({ baseUrl, username: auth.line.username, password: auth.password, plus, liveExtension, bouquetIds: auth.line.bouquetIds, img }), false);
  } catch (err) {
    sendXtreamError(res, err, (e) => logger.error({ err: e }, 'get.php failed'));
  }
});

/** /xmltv.php: the guide as XMLTV, streamed, gzip when the client accepts it. */
export const xmltvHandler = withRequestLog('xmltv', async (req: IncomingMessage, res: ServerResponse, ctx: PlayerRequestContext) => {
  try {
    const xr = await readXtreamRequest(req, ctx);
    const auth = await authorizeDownload(xr);
    if (!auth.ok) return void unauthorized(res, auth.status);
    const img = await playerArtwork(xr.headers, xr.socketPort);
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(200, {
      'Content-Type': 'application/xml; charset=utf-8',
      'Cache-Control': 'no-store',
      Vary: 'Accept-Encoding',
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
    if (req.method === 'HEAD') return void res.end();
    await streamText(res, xmltvGuide(auth.line, img), gzip);
  } catch (err) {
    sendXtreamError(res, err, (e) => logger.error({ err: e }, 'xmltv.php failed'));
  }
});
