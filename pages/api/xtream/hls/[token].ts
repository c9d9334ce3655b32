import type { NextApiRequest, NextApiResponse } from 'next';
import { findLineById } from '@/db/queries/lines';
import { lineStatus } from '@/lib/lines/credentials';
import { logger } from '@/lib/monitor/logger';
import { noteRequestLine, withRequestLog } from '@/lib/monitor/xtream-request-log';
import { readHlsToken, serveHlsTicket } from '@/lib/relay/hls';
import { baseUrlOf, panelAddress } from '@/lib/xtream/login-payload';

// HLS segments and nested playlists behind opaque tokens minted by a live .m3u8 answer.
export const config = { api: { bodyParser: false, responseLimit: false } };

async function handler(req: NextApiRequest, res: NextApiResponse) {
  try {
    const token = String(req.query.token ?? '').replace(/\.[A-Za-z0-9]{1,5}$/, '');
    const ticket = readHlsToken(token);
    if (!ticket) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
    const line = await findLineById(ticket.l);
    if (line) noteRequestLine(req, line.username);
    if (!line || lineStatus({ status: line.status, expiresAt: line.expires_at }) !== 'Active') {
      return void res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Account not active\n');
    }
    await serveHlsTicket(req, res, ticket, baseUrlOf(panelAddress(req.headers, req.socket.localPort)), () => {});
  } catch (err) {
    logger.error({ err }, 'hls failed');
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal error\n');
    else res.destroy();
  }
}

export default withRequestLog('stream:hls', handler);
