import type { IncomingMessage, ServerResponse } from 'node:http';
import { accountLiveChannels } from '@/lib/curation/line-catalog';
import { deviceXml, discoverJson, lineupStatusJson } from '@/lib/hdhr/device';
import { lineupOf } from '@/lib/hdhr/lineup';
import { publicBaseUrl } from '@/lib/http/public-url';
import { logger } from '@/lib/monitor/logger';
import { requestClientIp } from '@/lib/net/client-ip';
import { hotSettings } from '@/lib/settings';
import { authenticatePlayer } from '@/lib/xtream/authenticate';
import { withRequestLog } from '@/lib/xtream/request-log';
import { sendText, type PlayerRequestContext } from './context';

// HDHomeRun emulation per player account (docs/hdhomerun.md): /hdhr/{u}/{p}/{file}. Media servers
// (Plex, Jellyfin, Emby, Channels DVR) are given `{panel}/hdhr/{u}/{p}` as the tuner's address.

const FILES = new Set(['discover.json', 'lineup.json', 'lineup_status.json', 'lineup.post', 'device.xml']);

function sendJson(req: IncomingMessage, res: ServerResponse, body: unknown) {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
}

export const hdhrHandler = withRequestLog('hdhr', async (req: IncomingMessage, res: ServerResponse, ctx: PlayerRequestContext) => {
  try {
    const file = ctx.params.file;
    if (!FILES.has(file)) return sendText(res, 404, 'Not found');
    const { u, p } = ctx.params;
    const auth = await authenticatePlayer(u, p, requestClientIp(req));
    if (!auth.ok) return sendText(res, auth.reason === 'rate_limited' ? 429 : 401, auth.reason === 'rate_limited' ? 'Too many failed logins' : 'Unauthorized');
    if (auth.status !== 'Active') return sendText(res, 401, 'Unauthorized');
    const base = publicBaseUrl(req.headers, req.socket.localPort);
    const enc = encodeURIComponent;
    const deviceBase = `${base}/hdhr/${enc(auth.line.username)}/${enc(auth.password)}`;
    switch (file) {
      case 'discover.json':
        return sendJson(req, res, discoverJson(auth.line, deviceBase, (await hotSettings()).hdhrTunerCount));
      case 'lineup_status.json':
        return sendJson(req, res, lineupStatusJson());
      case 'lineup.json': {
        const live = `${base}/live/${enc(auth.line.username)}/${enc(auth.password)}`;
        return sendJson(req, res, lineupOf(await accountLiveChannels(auth.line), (id) => `${live}/${id}.ts`));
      }
      case 'lineup.post':
        // scan=start|abort: there is nothing to scan; the lineup is always current.
        res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' }).end();
        return;
      default:
        res.writeHead(200, { 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : deviceXml(auth.line, deviceBase));
    }
  } catch (err) {
    logger.error({ err }, 'hdhr request failed');
    if (!res.headersSent) sendText(res, 500, 'Internal error');
    else res.destroy();
  }
});
