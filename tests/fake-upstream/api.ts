import type { ServerResponse } from 'node:http';
import type { Catalog, CatalogType } from './catalog';
import { epgListings } from './epg';
import type { Json, ListAction, Quirks } from './quirks';
import { delay, writeFlushed, sendJson } from './respond';
import { categoryRow, liveRow, movieRow, seriesInfo, seriesRow, vodInfo } from './rows';
import { applyTypeQuirks } from './quirks';
import { ACTION_ALIASES } from '@/lib/xtream/actions';

export interface FakeAccount {
  status: 'Active' | 'Expired' | 'Banned' | 'Disabled';
  /** Epoch seconds, or null for never. */
  expDate: number | null;
  maxConnections: number;
  activeConnections: number;
  isTrial: boolean;
  /** What `user_info.allowed_output_formats` says (a TS-only provider says `['ts']`). */
  allowedOutputFormats?: string[];
}

export interface ApiContext {
  catalog: Catalog;
  quirks: Quirks;
  account: FakeAccount;
  username: string;
  password: string;
  port: number;
  epgStart: number;
}

// Providers take the same numeric aliases and the old typo as the panel (XTREAM.md §1).
const aliases = ACTION_ALIASES;

export function canonicalAction(action: string | null): string | null {
  if (action === null || action === '') return null;
  return aliases[action] ?? action;
}

function loginPayload(ctx: ApiContext): Json {
  const now = Math.floor(Date.now() / 1000);
  return applyTypeQuirks(
    {
      user_info: {
        username: ctx.username,
        password: ctx.password,
        message: 'Welcome to the fake provider',
        auth: 1,
        status: ctx.account.status,
        exp_date: ctx.account.expDate === null ? null : String(ctx.account.expDate),
        is_trial: ctx.account.isTrial ? '1' : '0',
        active_cons: String(ctx.account.activeConnections),
        created_at: '1700000000',
        max_connections: String(ctx.account.maxConnections),
        allowed_output_formats: ctx.account.allowedOutputFormats ?? ['m3u8', 'ts'],
      },
      server_info: {
        url: '127.0.0.1',
        port: String(ctx.port),
        https_port: '',
        server_protocol: 'http',
        rtmp_port: '',
        timezone: ctx.quirks.timezone,
        timestamp_now: now,
        time_now: new Date(now * 1000).toISOString().slice(0, 19).replace('T', ' '),
        process: true,
      },
    },
    ctx.quirks,
  );
}

const listTypes: Record<string, CatalogType> = { get_live_streams: 'live', get_vod_streams: 'vod', get_series: 'series' };
const categoryTypes: Record<string, CatalogType> = {
  get_live_categories: 'live',
  get_vod_categories: 'vod',
  get_series_categories: 'series',
};

function* rowsOf(ctx: ApiContext, type: CatalogType, categoryId: number | null): Generator<Json> {
  const { catalog, quirks } = ctx;
  const items = catalog[type];
  for (let i = 0; i < items.length; i += 1) {
    const item = items[i];
    if (categoryId !== null && !item.categoryIds.includes(categoryId)) continue;
    if (type === 'live') yield liveRow(catalog.live[i], i, quirks);
    else if (type === 'vod') yield movieRow(catalog.vod[i], i, quirks);
    else yield seriesRow(catalog.series[i], i, quirks);
  }
}

/**
 * Writes a JSON list in batches, waiting for the socket to drain (never one giant string). With
 * `resetAfter` the socket is destroyed once that many rows were flushed.
 */
async function sendList(res: ServerResponse, rows: Iterable<Json>, resetAfter: number | null, pause: Quirks['listPause'] = null): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/json' });
  let batch = '[';
  let written = 0;
  for (const row of rows) {
    batch += (written === 0 ? '' : ',') + JSON.stringify(row);
    written += 1;
    if (resetAfter !== null && written >= resetAfter) {
      await writeFlushed(res, batch);
      await new Promise((resolve) => setTimeout(resolve, 20));
      res.socket?.destroy();
      return;
    }
    if (batch.length >= 64 * 1024 || (pause && written % pause.rows === 0)) {
      await writeFlushed(res, batch);
      batch = '';
    }
    if (pause && written % pause.rows === 0) await delay(pause.ms, res);
  }
  res.end(`${batch}]`);
}

function intParam(params: URLSearchParams, name: string): number | null {
  const value = params.get(name);
  if (value === null || value.trim() === '') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? Math.trunc(parsed) : null;
}

/** `player_api.php` after the quirks that replace every answer were handled. */
export async function answerApi(res: ServerResponse, params: URLSearchParams, ctx: ApiContext): Promise<void> {
  if (params.get('username') !== ctx.username || params.get('password') !== ctx.password) {
    sendJson(res, 200, { user_info: { auth: 0 } });
    return;
  }
  // Classic panels ignore the action of a line that is not Active and answer the login payload.
  const action = ctx.account.status === 'Active' ? canonicalAction(params.get('action')) : null;
  const listAction = action as ListAction;
  if (action !== null && ctx.quirks.emptyList === listAction) {
    sendJson(res, 200, []);
    return;
  }
  const categoryType = action === null ? undefined : categoryTypes[action];
  if (categoryType) {
    const rows = ctx.catalog.categories[categoryType].map((c) => categoryRow(c, ctx.quirks));
    if (ctx.quirks.resetMidList === listAction) await sendList(res, rows, Math.max(1, Math.ceil(rows.length / 2)));
    else sendJson(res, 200, rows);
    return;
  }
  const listType = action === null ? undefined : listTypes[action];
  if (listType) {
    const size = ctx.catalog[listType].length;
    const resetAfter = ctx.quirks.resetMidList === listAction ? Math.max(1, Math.ceil(size / 2)) : null;
    await sendList(res, rowsOf(ctx, listType, intParam(params, 'category_id')), resetAfter, ctx.quirks.listPause);
    return;
  }
  switch (action) {
    case 'get_vod_info':
      sendJson(res, 200, vodInfo(ctx.catalog, intParam(params, 'vod_id') ?? -1, ctx.quirks));
      return;
    case 'get_series_info': {
      const answer = seriesInfo(ctx.catalog, intParam(params, 'series_id') ?? -1, ctx.quirks);
      sendJson(res, answer.status, answer.body);
      return;
    }
    case 'get_short_epg':
      sendJson(res, 200, { epg_listings: epgListings(ctx.catalog, intParam(params, 'stream_id') ?? -1, ctx.epgStart, intParam(params, 'limit') ?? 4) });
      return;
    case 'get_simple_data_table':
      sendJson(res, 200, { epg_listings: epgListings(ctx.catalog, intParam(params, 'stream_id') ?? -1, ctx.epgStart, null) });
      return;
    default:
      sendJson(res, 200, loginPayload(ctx));
  }
}
