import type { IncomingMessage, ServerResponse } from 'node:http';
import { logger } from '@/lib/monitor/logger';
import { withRequestLog } from '@/lib/xtream/request-log';
import { readXtreamRequest, sendXtreamError, sendXtreamReply } from '@/lib/xtream/node-http';
import { panelApi, playerApi } from '@/lib/xtream/player-api';
import type { PlayerRequestContext } from './context';

// Public: no session; players authenticate with username/password on every request (XTREAM.md §2).

/** /player_api.php and /api/player_api.php */
export const playerApiHandler = withRequestLog('player_api', async (req: IncomingMessage, res: ServerResponse, ctx: PlayerRequestContext) => {
  try {
    sendXtreamReply(req, res, await playerApi(await readXtreamRequest(req, ctx)));
  } catch (err) {
    sendXtreamError(res, err, (e) => logger.error({ err: e }, 'player_api failed'));
  }
});

/** /panel_api.php */
export const panelApiHandler = withRequestLog('panel_api', async (req: IncomingMessage, res: ServerResponse, ctx: PlayerRequestContext) => {
  try {
    sendXtreamReply(req, res, await panelApi(await readXtreamRequest(req, ctx)));
  } catch (err) {
    sendXtreamError(res, err, (e) => logger.error({ err: e }, 'panel_api failed'));
  }
});
