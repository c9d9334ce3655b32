import type { NextApiRequest, NextApiResponse } from 'next';
import { logger } from '@/lib/monitor/logger';
import { withRequestLog } from '@/lib/monitor/xtream-request-log';
import { authorizeDownload, streamText } from '@/lib/xtream/downloads';
import { readXtreamRequest, sendXtreamError } from '@/lib/xtream/node-http';
import { xmltvGuide } from '@/lib/xtream/xmltv';

// Public: players authenticate with username/password. Streamed XMLTV, gzip when accepted.
export const config = { api: { bodyParser: false, responseLimit: false } };

async function handler(req: NextApiRequest, res: NextApiResponse) {
  try {
    const auth = await authorizeDownload(await readXtreamRequest(req));
    if (!auth.ok) return void res.writeHead(auth.status, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Unauthorized\n');
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    res.writeHead(200, {
      'Content-Type': 'application/xml; charset=utf-8',
      'Cache-Control': 'no-store',
      Vary: 'Accept-Encoding',
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    });
    if (req.method === 'HEAD') return void res.end();
    await streamText(res, xmltvGuide(), gzip);
  } catch (err) {
    sendXtreamError(res, err, (e) => logger.error({ err: e }, 'xmltv.php failed'));
  }
}

export default withRequestLog('xmltv', handler);
