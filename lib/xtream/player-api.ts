import { categoryList, listJson, streamList, type ListBytes } from '@/lib/xtream/list-snapshot';
import { lineItemOf, lineSeesItem } from '@/lib/curation/line-catalog';
import { curatedSeriesInfo, curatedVodInfo } from './curated-info';
import { seriesInfo, SERIES_NOT_FOUND } from '@/lib/catalog/series-info';
import { vodInfo } from '@/lib/catalog/vod-info';
import { shortEpg, simpleDataTable } from '@/lib/epg/listings';
import { normalizeAction } from './actions';
import { authenticatePlayer } from './authenticate';
import { panelAddress } from '@/lib/http/public-url';
import { artworkRewrite, playerArtworkBase, providerArtwork } from '@/lib/artwork/player-artwork';
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
  // proxyArtworkInLists: images point at the panel's /img cache, else at the provider.
  const artworkBase = await playerArtworkBase(req.headers, req.socketPort);
  if (list) {
    const bouquets = auth.line.bouquetIds;
    if (list.categories) return { status: 200, list: await categoryList(list.kind, bouquets) };
    const category = req.params.category_id;
    // A category outside the account's bouquets is not there for it: 404 with the empty list players expect.
    const bytes = await streamList(list.kind, category ? positiveInt(category) ?? -1 : undefined, bouquets, artworkBase);
    return bytes ? { status: 200, list: bytes } : { status: 404, json: [] };
  }
  switch (action) {
    // An item outside the account's bouquets answers like an unknown one, with a 404 (an account without
    // bouquets keeps the classic 200 for unknown and hidden ids).
    case 'get_vod_info': {
      const id = positiveInt(req.params.vod_id ?? req.params.stream_id);
      const item = id === undefined ? undefined : await lineItemOf(auth.line, 'vod', id);
      if (id === undefined || !item) return { status: auth.line.bouquetIds.length ? 404 : 200, json: { info: [] } };
      return { status: 200, json: curatedVodInfo(await vodInfo(id), item, artworkBase ? await artworkRewrite(artworkBase) : providerArtwork) };
    }
    case 'get_series_info': {
      const id = positiveInt(req.params.series_id);
      const item = id === undefined ? undefined : await lineItemOf(auth.line, 'series', id);
      if (!item) return { status: 404, json: SERIES_NOT_FOUND };
      const { status, body } = await seriesInfo(item.public_id);
      return { status, json: status === 200 ? curatedSeriesInfo(body, item, artworkBase ? await artworkRewrite(artworkBase) : providerArtwork) : body };
    }
    // Local content and unknown ids have no guide: an empty listing, never an error.
    case 'get_short_epg': {
      const id = positiveInt(req.params.stream_id);
      const seen = id !== undefined && (await lineSeesItem(auth.line, 'live', id));
      return { status: 200, json: !seen ? { epg_listings: [] } : await shortEpg(id, positiveInt(req.params.limit)) };
    }
    case 'get_simple_data_table': {
      const id = positiveInt(req.params.stream_id);
      const seen = id !== undefined && (await lineSeesItem(auth.line, 'live', id));
      return { status: 200, json: !seen ? { epg_listings: [] } : await simpleDataTable(id) };
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
  const parse = async (pending: Promise<ListBytes | null>) => {
    const bytes = await pending;
    return (bytes ? JSON.parse(listJson(bytes).toString('utf8')) : []) as Record<string, unknown>[];
  };
  const bouquets = auth.line.bouquetIds;
  const artworkBase = await playerArtworkBase(req.headers, req.socketPort);
  const [live, movie, series, channels] = await Promise.all([
    parse(categoryList('live', bouquets)), parse(categoryList('vod', bouquets)), parse(categoryList('series', bouquets)), parse(streamList('live', undefined, bouquets, artworkBase)),
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
