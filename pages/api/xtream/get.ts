import type { NextApiRequest, NextApiResponse } from 'next';
import { logger } from '@/lib/monitor/logger';
import { withRequestLog } from '@/lib/monitor/xtream-request-log';
import { authorizeDownload, streamText } from '@/lib/xtream/downloads';
import { baseUrlOf, panelAddress } from '@/lib/xtream/login-payload';
import { m3uPlaylist } from '@/lib/xtream/m3u';
import { readXtreamRequest, sendXtreamError } from '@/lib/xtream/node-http';

// Public: players authenticate with username/password. Streamed M3U (XTREAM.md §4).
export const config = { api: { bodyParser: false, responseLimit: false } };

async function handler(req: NextApiRequest, res: NextApiResponse) {
  try {
    const xr = await readXtreamRequest(req);
    const auth = await authorizeDownload(xr);
    if (!auth.ok) return void res.writeHead(auth.status, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Unauthorized\n');
    const output = (xr.params.output ?? 'ts').toLowerCase();
    const liveExtension = output === 'm3u8' || output === 'hls' ? 'm3u8' : 'ts';
    res.writeHead(200, {
      'Content-Type': 'audio/x-mpegurl; charset=utf-8',
      'Content-Disposition': `attachment; filename="playlist_${auth.line.username}.m3u"`,
      'Cache-Control': 'no-store',
    });
    if (req.method === 'HEAD') return void res.end();
    const plus = (xr.params.type ?? 'm3u_plus').toLowerCase() !== 'm3u';
    const baseUrl = baseUrlOf(panelAddress(xr.headers, xr.socketPort));
    await streamText(res, m3uPlaylist({ baseUrl, username: auth.line.username, password: auth.password, plus, liveExtension }), false);
  } catch (err) {
    sendXtreamError(res, err, (e) => logger.error({ err: e }, 'get.php failed'));
  }
}

export default withRequestLog('get.php', handler);
