import type { NextApiRequest, NextApiResponse } from 'next';
import { logger } from '@/lib/monitor/logger';
import { serveStream } from '@/lib/relay/serve-stream';

// Public stream URL: the player's credentials are in the path. Node req/res for a zero-copy relay.
export const config = { api: { bodyParser: false, responseLimit: false } };

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const { u, p, stream } = req.query as Record<string, string>;
  try {
    await serveStream(req, res, 'movie', u, p, stream);
  } catch (err) {
    logger.error({ err }, 'movie stream failed');
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal error\n');
    else res.destroy();
  }
}
