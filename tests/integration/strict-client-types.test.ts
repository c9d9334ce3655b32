import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as listApi from '@/app/api/content/local/route';
import * as episodesApi from '@/app/api/content/local/[id]/episodes/route';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { call, makeUser } from '../helpers/admin-api';
import { withFreshDatabase } from '../helpers/database';
import { startXtreamServer, type XtreamServer } from '../helpers/xtream-server';
import { addSyncedUpstream, closeAll, createActiveLine } from '../helpers/panel-setup';

// Every action read with the strict model of a typed client: Jellyfin.Xtream (Kevinjil/Jellyfin.Xtream,
// Jellyfin.Xtream/Client/Models/*.cs, Newtonsoft.Json). Newtonsoft turns "12" into an int, but "" or
// null into a non-nullable int, decimal, bool or DateTime is an exception that fails the whole answer
// (errors on nullable members are ignored by its NullableEventHandler). Missing keys keep defaults.

withFreshDatabase();

type Kind =
  | 'int' // C# int: a JSON integer or a string of digits
  | 'decimal' // C# decimal: a number or a numeric string
  | 'string' // C# string (non-nullable reference: null would reach code that does not expect it)
  | 'bool' // C# bool: true/false or the integers 0/1
  | 'unix' // DateTime with UnixDateTimeConverter: epoch seconds as an integer or a string of digits
  | 'datetime' // DateTime parsed from a string: "YYYY-MM-DD HH:MM:SS"
  | 'strings' // ICollection<string>
  | 'nullable'; // int?, decimal?, DateTime?, string?, object?: whatever is sent, a parse error is ignored

type Model = Record<string, Kind>;

const isIntLike = (v: unknown) => (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^-?\d+$/.test(v));
const isDecimalLike = (v: unknown) => (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v));
const valid: Record<Kind, (v: unknown) => boolean> = {
  int: isIntLike,
  decimal: isDecimalLike,
  string: (v) => typeof v === 'string',
  bool: (v) => typeof v === 'boolean' || v === 0 || v === 1,
  unix: isIntLike,
  datetime: (v) => typeof v === 'string' && /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d/.test(v),
  strings: (v) => Array.isArray(v) && v.every((s) => typeof s === 'string'),
  nullable: () => true,
};

// The models, member by member (JSON names).
const CATEGORY: Model = { category_id: 'int', category_name: 'string', parent_id: 'int' };
const STREAM_INFO: Model = {
  num: 'int', name: 'string', stream_type: 'string', stream_id: 'int', stream_icon: 'string', epg_channel_id: 'string', added: 'string',
  category_id: 'nullable', container_extension: 'string', custom_sid: 'string', tv_archive: 'bool', direct_source: 'string', tv_archive_duration: 'int',
};
const SERIES_FIELDS: Model = {
  name: 'string', cover: 'string', plot: 'string', cast: 'string', director: 'string', genre: 'string', last_modified: 'unix',
  rating: 'decimal', rating_5based: 'decimal', backdrop_path: 'strings', youtube_trailer: 'string', episode_run_time: 'int', category_id: 'int',
};
const SERIES: Model = { num: 'int', series_id: 'int', ...SERIES_FIELDS };
const SEASON: Model = {
  air_date: 'nullable', episode_count: 'int', id: 'int', name: 'string', overview: 'string', season_number: 'int', cover: 'string', cover_big: 'string',
};
const EPISODE: Model = {
  id: 'int', episode_num: 'int', title: 'string', container_extension: 'string', info: 'nullable', custom_sid: 'string', added: 'nullable',
  season: 'int', direct_source: 'string',
};
const VOD_INFO: Model = {
  movie_image: 'nullable', genre: 'nullable', plot: 'nullable', director: 'nullable', rating: 'nullable', releasedate: 'nullable',
  duration_secs: 'nullable', tmdb_id: 'nullable', bitrate: 'int', video: 'nullable', audio: 'nullable',
};
const USER_INFO: Model = {
  username: 'string', password: 'string', auth: 'int', status: 'string', exp_date: 'nullable', is_trial: 'nullable', active_cons: 'int',
  created_at: 'unix', max_connections: 'int', allowed_output_formats: 'strings',
};
const SERVER_INFO: Model = { url: 'string', port: 'string', rtmp_port: 'string', timezone: 'string', time_now: 'datetime' };
const EPG_INFO: Model = {
  id: 'int', epg_id: 'int', title: 'string', lang: 'string', start_timestamp: 'unix', start: 'datetime', stop_timestamp: 'unix',
  description: 'string', channel_id: 'string', now_playing: 'bool', has_archive: 'bool',
};

// Where XTREAM.md §3 and Jellyfin.Xtream disagree, the contract's classic value is kept (reported in the issue).
const CONTRACT_WINS: Record<string, (v: unknown) => boolean> = {
  // "epg_channel_id string or null": Jellyfin.Xtream declares a non-nullable string (Newtonsoft stores the null).
  'epg_channel_id': (v) => v === null || typeof v === 'string',
};

/** Every member of `value` that `model` declares, checked; returns the violations as readable lines. */
function violations(value: unknown, model: Model, where: string): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${where}: not an object`];
  const out: string[] = [];
  for (const [key, kind] of Object.entries(model)) {
    if (!(key in value)) continue; // a missing member keeps its default
    const v = (value as Record<string, unknown>)[key];
    const ok = CONTRACT_WINS[key] && model === STREAM_INFO ? CONTRACT_WINS[key](v) : valid[kind](v);
    if (!ok) out.push(`${where}.${key}: ${JSON.stringify(v)} is no ${kind}`);
  }
  return out;
}
const listViolations = (rows: unknown, model: Model, where: string) =>
  Array.isArray(rows) ? rows.flatMap((r, i) => violations(r, model, `${where}[${i}]`)) : [`${where}: not an array`];

let fake: FakeUpstream;
let panel: XtreamServer;
const USER = 'strict.client';
const PASS = 'pw-strict-1';
const local = { movie: 0, series: 0 };

async function api(params: Record<string, string | number> = {}) {
  const query = new URLSearchParams({ username: USER, password: PASS, ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) });
  const res = await fetch(`${panel.url}/player_api.php?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as unknown;
}

beforeAll(async () => {
  fake = await startFakeUpstream({ live: 10, vod: 12, series: 4, categoriesPerType: 2, password: 'up-strict-3' });
  // the quirks that make upstream data loosest: the panel must answer strict types anyway
  Object.assign(fake.quirks, { numbersAsStrings: true, nullCategories: true, backdropPath: 'string', emptyObjectsAsArrays: true });
  await addSyncedUpstream(fake, { name: 'Strict', password: 'up-strict-3', timeoutSeconds: 10 });
  // local content with every optional field empty, through the admin API
  const admin = await makeUser('strict-admin', 'admin');
  const create = (body: unknown) => call(listApi.POST, '/api/content/local', { method: 'POST', cookie: admin.cookie, body });
  const movie = await create({ title: 'Bare Movie', contentType: 'movie', streamUrl: 'https://cdn.example/bare.mp4' });
  const series = await create({ title: 'Bare Show', contentType: 'series' });
  expect([movie.status, series.status]).toEqual([201, 201]);
  const episode = await call(episodesApi.POST, `/api/content/local/${series.json.id}/episodes`, {
    method: 'POST', cookie: admin.cookie, params: { id: series.json.id }, body: { season: 1, episode: 1, title: 'Only', streamUrl: 'https://cdn.example/e1.mp4' },
  });
  expect(episode.status).toBe(201);
  Object.assign(local, { movie: movie.json.publicId, series: series.json.publicId });
  await createActiveLine(USER, PASS, { maxConnections: 1 });
  panel = await startXtreamServer();
}, 60_000);

afterAll(() => closeAll(panel, fake));

describe("every action read with Jellyfin.Xtream's strict models", () => {
  test('login (PlayerApi: UserInfo + ServerInfo)', async () => {
    const body = (await api()) as Record<string, unknown>;
    expect([...violations(body.user_info, USER_INFO, 'user_info'), ...violations(body.server_info, SERVER_INFO, 'server_info')]).toEqual([]);
  });

  for (const action of ['get_live_categories', 'get_vod_categories', 'get_series_categories']) {
    test(`${action} (Category)`, async () => {
      const rows = await api({ action });
      expect((rows as unknown[]).length).toBeGreaterThan(0);
      expect(listViolations(rows, CATEGORY, action)).toEqual([]);
    });
  }

  for (const [action, model] of [['get_live_streams', STREAM_INFO], ['get_vod_streams', STREAM_INFO], ['get_series', SERIES]] as const) {
    test(`${action} (${model === SERIES ? 'Series' : 'StreamInfo'}), local items with empty fields included`, async () => {
      const rows = (await api({ action })) as Record<string, unknown>[];
      expect(rows.length).toBeGreaterThan(0);
      expect(listViolations(rows, model, action)).toEqual([]);
    });
  }

  test('get_vod_info (VodStreamInfo) of every movie, the bare local one included; rating never "", tmdb_id an integer when known', async () => {
    const movies = (await api({ action: 'get_vod_streams' })) as { stream_id: number }[];
    expect(movies.map((m) => m.stream_id)).toContain(local.movie);
    for (const { stream_id } of movies) {
      const body = (await api({ action: 'get_vod_info', vod_id: stream_id })) as { info: Record<string, unknown>; movie_data: unknown };
      expect([...violations(body.info, VOD_INFO, `vod ${stream_id}.info`), ...violations(body.movie_data, STREAM_INFO, `vod ${stream_id}.movie_data`)]).toEqual([]);
      expect(body.info.rating, `vod ${stream_id}`).not.toBe('');
      expect(isDecimalLike(body.info.rating), `vod ${stream_id} rating`).toBe(true);
      if (stream_id === local.movie) expect(body.info.tmdb_id).toBe('');
      else expect(Number.isInteger(body.info.tmdb_id), `vod ${stream_id} tmdb_id ${JSON.stringify(body.info.tmdb_id)}`).toBe(true);
    }
  });

  test('get_series_info (SeriesStreamInfo) of every series, the bare local one included', async () => {
    const shows = (await api({ action: 'get_series' })) as { series_id: number }[];
    expect(shows.map((s) => s.series_id)).toContain(local.series);
    for (const { series_id } of shows) {
      const body = (await api({ action: 'get_series_info', series_id })) as { seasons: unknown[]; info: unknown; episodes: Record<string, unknown[]> };
      const where = `series ${series_id}`;
      const episodes = Object.entries(body.episodes).flatMap(([season, rows]) => [
        ...(isIntLike(season) ? [] : [`${where}.episodes key ${season} is no int`]),
        ...listViolations(rows, EPISODE, `${where}.episodes.${season}`),
      ]);
      expect([...listViolations(body.seasons, SEASON, `${where}.seasons`), ...violations(body.info, SERIES_FIELDS, `${where}.info`), ...episodes]).toEqual([]);
      expect(Object.values(body.episodes).flat().length, where).toBeGreaterThan(0);
      for (const s of body.seasons as { episode_count: unknown }[]) expect(Number.isInteger(s.episode_count), `${where} episode_count`).toBe(true);
    }
  });

  for (const action of ['get_short_epg', 'get_simple_data_table']) {
    test(`${action} (EpgListings)`, async () => {
      const channels = (await api({ action: 'get_live_streams' })) as { stream_id: number; epg_channel_id: string | null }[];
      let listed = 0;
      for (const c of channels) {
        const body = (await api({ action, stream_id: c.stream_id })) as { epg_listings: unknown[] };
        listed += body.epg_listings.length;
        expect(listViolations(body.epg_listings, EPG_INFO, `${action} ${c.stream_id}`)).toEqual([]);
      }
      expect(listed).toBeGreaterThan(0);
    });
  }

  test('panel_api.php: user_info, server_info, categories and available_channels', async () => {
    const res = await fetch(`${panel.url}/panel_api.php?username=${USER}&password=${PASS}`);
    const body = (await res.json()) as Record<string, any>;
    expect([
      ...violations(body.user_info, USER_INFO, 'user_info'),
      ...violations(body.server_info, SERVER_INFO, 'server_info'),
      ...listViolations(body.categories.live, CATEGORY, 'categories.live'),
      ...listViolations(body.categories.movie, CATEGORY, 'categories.movie'),
      ...listViolations(body.categories.series, CATEGORY, 'categories.series'),
      ...listViolations(Object.values(body.available_channels as Record<string, unknown>), STREAM_INFO, 'available_channels'),
    ]).toEqual([]);
  });
});
