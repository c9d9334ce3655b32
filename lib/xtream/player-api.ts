import { categoryList, streamList, type ListBytes } from '@/lib/xtream/list-snapshot';
import { seriesInfo, SERIES_NOT_FOUND } from '@/lib/catalog/series-info';
import { vodInfo } from '@/lib/catalog/vod-info';
import { shortEpg, simpleDataTable } from '@/lib/epg/listings';
import { normalizeAction } from './actions';
import { authenticatePlayer } from './authenticate';
import { panelAddress } from '@/lib/http/public-url';
import { loginPayload, serverInfo } from './login-payload';

export interface XtreamRequest {
  params: Record<string, string | undefined>;
  ip: string;
  headers: Record<string, string | string[] | undefined>;
  socketPort?: number;
}

export type XtreamReply = { status: number; json: unknown } | { status: number; list: ListBytes };

const AUTH_FAILED = { user_info: { auth: 0 } };
const LISTS: Record<string, { kind: 'live' | 'vod' | 'series'; categories: boolean }> = {
  get_live_categories: { kind: 'live', categories: true },
  get_vod_categories: { kind: 'vod', categories: true },
  get_series_categories: { kind: 'series', categories: true },
  get_live_streams: { kind: 'live', categories: false },
  get_vod_streams: { kind: 'vod', categories: false },
  get_series: { kind: 'series', categories: false },
};

const positiveInt = (v: string | undefined) => (v && /^\d{1,15}$/.test(v) ? Number(v) : undefined);

/** `player_api.php`: the login payload without an action, else the action's answer (XTREAM.md §2-3). */
export async function playerApi(req: XtreamRequest): Promise<XtreamReply> {
  const action = normalizeAction(req.params.action);
  const auth = await authenticatePlayer(req.params.username, req.params.password, req.ip);
  if (!auth.ok) {
    if (auth.reason === 'rate_limited') return { status: 429, json: AUTH_FAILED };
    return { status: action ? 401 : 200, json: AUTH_FAILED };
  }
  if (!action) return { status: 200, json: loginPayload(auth.line, auth.password, auth.status, panelAddress(req.headers, req.socketPort)) };
  if (auth.status !== 'Active') {
    return { status: 403, json: { user_info: { auth: 0, status: auth.status, message: `Account ${auth.status.toLowerCase()}` } } };
  }

  const list = LISTS[action];
  if (list) {
    if (list.categories) return { status: 200, list: await categoryList(list.kind) };
    const category = req.params.category_id;
    return { status: 200, list: await streamList(list.kind, category ? positiveInt(category) ?? -1 : undefined) };
  }
  switch (action) {
    case 'get_vod_info': {
      const id = positiveInt(req.params.vod_id ?? req.params.stream_id);
      return { status: 200, json: id === undefined ? { info: [] } : await vodInfo(id) };
    }
    case 'get_series_info': {
      const id = positiveInt(req.params.series_id);
      if (id === undefined) return { status: 404, json: SERIES_NOT_FOUND };
      const { status, body } = await seriesInfo(id);
      return { status, json: body };
    }
    // Local content and unknown ids have no guide: an empty listing, never an error.
    case 'get_short_epg': {
      const id = positiveInt(req.params.stream_id);
      return { status: 200, json: id === undefined ? { epg_listings: [] } : await shortEpg(id, positiveInt(req.params.limit)) };
    }
    case 'get_simple_data_table': {
      const id = positiveInt(req.params.stream_id);
      return { status: 200, json: id === undefined ? { epg_listings: [] } : await simpleDataTable(id) };
    }
  }
  return { status: 200, json: loginPayload(auth.line, auth.password, auth.status, panelAddress(req.headers, req.socketPort)) };
}

/** `panel_api.php`: login payload + categories + available channels, as classic panels answer it. */
export async function panelApi(req: XtreamRequest): Promise<XtreamReply> {
  const auth = await authenticatePlayer(req.params.username, req.params.password, req.ip);
  if (!auth.ok) return { status: auth.reason === 'rate_limited' ? 429 : 200, json: AUTH_FAILED };
  const address = panelAddress(req.headers, req.socketPort);
  const payload = loginPayload(auth.line, auth.password, auth.status, address);
  if (auth.status !== 'Active') return { status: 200, json: payload };
  const parse = async (bytes: Promise<ListBytes>) => JSON.parse((await bytes).json.toString('utf8')) as Record<string, unknown>[];
  const [live, movie, series, channels] = await Promise.all([
    parse(categoryList('live')), parse(categoryList('vod')), parse(categoryList('series')), parse(streamList('live')),
  ]);
  return {
    status: 200,
    json: {
      ...payload,
      server_info: serverInfo(address),
      categories: { live, movie, series },
      available_channels: Object.fromEntries(channels.map((c) => [String(c.stream_id), c])),
    },
  };
}
