import type { NextApiRequest, NextApiResponse } from 'next';
import { logger } from '@/lib/monitor/logger';
import { withRequestLog } from '@/lib/monitor/xtream-request-log';
import { panelApi } from '@/lib/xtream/player-api';
import { readXtreamRequest, sendXtreamError, sendXtreamReply } from '@/lib/xtream/node-http';

// Public Xtream surface: no session (players authenticate with username/password per request).
// A Pages API route on purpose: Node's req/res are 3-4x faster here than an App Router handler.
export const config = { api: { bodyParser: false, responseLimit: false } };

async function handler(req: NextApiRequest, res: NextApiResponse) {
  try {
    sendXtreamReply(req, res, await panelApi(await readXtreamRequest(req)));
  } catch (err) {
    sendXtreamError(res, err, (e) => logger.error({ err: e }, 'panel_api failed'));
  }
}

export default withRequestLog('panel_api', handler);
