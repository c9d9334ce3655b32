import { z } from 'zod';

// Providers send every field in several types (PHP echoes MySQL strings, XUI casts to numbers, nulls
// wherever a column is empty, `[]` for an empty object). Each helper below accepts all of them and
// yields one internal type; nothing here throws on a wrong type, it falls back to null or a default.

function text(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/**
 * A container extension as players and the relay use it (in URLs, in get.php lines): 1–8 letters or
 * digits, a leading dot dropped; anything else (`mp4\r\n#EXTINF...`, `../../x`) is `fallback`.
 */
export function containerExtensionOf<F extends string | null>(value: unknown, fallback: F): string | F {
  const given = text(value)?.trim().replace(/^\./, '');
  return given && /^[A-Za-z0-9]{1,8}$/.test(given) ? given : fallback;
}

function num(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value.trim());
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

function int(value: unknown): number | null {
  const parsed = num(value);
  return parsed === null ? null : Math.trunc(parsed);
}

function flag(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return ['1', 'true', 'yes'].includes(value.trim().toLowerCase());
  return false;
}

/** Ids are kept as strings of digits (or whatever the provider uses); integers only, never "12.0". */
function id(value: unknown): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? String(Math.trunc(value)) : null;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }
  return null;
}

function epochSeconds(value: unknown): Date | null {
  const seconds = num(value);
  if (seconds === null || seconds <= 0) return null;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? null : date;
}

function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(text).filter((v): v is string => v !== null);
  const single = text(value);
  return single === null ? [] : [single];
}

function idList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(id).filter((v): v is string => v !== null) : [];
}

function record(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value));
}

function yearOf(...candidates: unknown[]): number | null {
  for (const candidate of candidates) {
    const direct = int(candidate);
    if (direct !== null && direct >= 1870 && direct <= 2200) return direct;
    const match = typeof candidate === 'string' ? /\b(18[7-9]\d|19\d\d|2[01]\d\d)\b/.exec(candidate) : null;
    if (match) return Number(match[1]);
  }
  return null;
}

function categoriesOf(row: Record<string, unknown>): { categoryId: string | null; categoryIds: string[] } {
  const categoryId = id(row.category_id);
  const categoryIds = idList(row.category_ids);
  if (categoryIds.length === 0 && categoryId !== null) categoryIds.push(categoryId);
  return { categoryId: categoryId ?? categoryIds[0] ?? null, categoryIds };
}

/**
 * A JSON object as a provider sends it, taken as it is: each schema below reads the fields it knows
 * by name and builds its own result, so nothing is copied or merged. (`z.record` copied every key of
 * every row: two thirds of the parse time of a 110,000-movie list.)
 */
const isRow = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const row = z.custom<Record<string, unknown>>(isRow, 'expected an object');

export interface UpstreamCategory {
  id: string;
  name: string;
  parentId: number;
}

export const upstreamCategorySchema = row.transform((r): UpstreamCategory | null => {
  const categoryId = id(r.category_id);
  if (categoryId === null) return null;
  return { id: categoryId, name: text(r.category_name) ?? `Category ${categoryId}`, parentId: int(r.parent_id) ?? 0 };
});

export interface UpstreamLive {
  streamId: string;
  name: string;
  icon: string | null;
  categoryId: string | null;
  categoryIds: string[];
  epgChannelId: string | null;
  tvArchive: boolean;
  tvArchiveDuration: number;
  added: Date | null;
  num: number | null;
  directSource: string | null;
}

function liveOf(r: Record<string, unknown>): UpstreamLive | null {
  const streamId = id(r.stream_id);
  if (streamId === null) return null;
  return {
    streamId,
    name: text(r.name) ?? `Channel ${streamId}`,
    icon: text(r.stream_icon),
    ...categoriesOf(r),
    epgChannelId: text(r.epg_channel_id),
    tvArchive: flag(r.tv_archive),
    tvArchiveDuration: int(r.tv_archive_duration) ?? 0,
    added: epochSeconds(r.added),
    num: int(r.num),
    directSource: text(r.direct_source),
  };
}

export interface UpstreamMovie {
  streamId: string;
  name: string;
  icon: string | null;
  categoryId: string | null;
  categoryIds: string[];
  containerExtension: string;
  rating: number | null;
  year: number | null;
  tmdbId: string | null;
  added: Date | null;
  plot: string | null;
  genre: string | null;
  num: number | null;
}

function movieOf(r: Record<string, unknown>): UpstreamMovie | null {
  const streamId = id(r.stream_id);
  if (streamId === null) return null;
  const name = text(r.name) ?? text(r.title) ?? `Movie ${streamId}`;
  return {
    streamId,
    name,
    icon: text(r.stream_icon),
    ...categoriesOf(r),
    containerExtension: containerExtensionOf(r.container_extension, 'mp4'),
    rating: num(r.rating),
    year: yearOf(r.year, r.release_date, r.releaseDate, name),
    tmdbId: id(r.tmdb_id) ?? id(r.tmdb),
    added: epochSeconds(r.added),
    plot: text(r.plot),
    genre: text(r.genre),
    num: int(r.num),
  };
}

export interface UpstreamSeries {
  seriesId: string;
  name: string;
  cover: string | null;
  categoryId: string | null;
  categoryIds: string[];
  plot: string | null;
  cast: string | null;
  director: string | null;
  genre: string | null;
  releaseDate: string | null;
  rating: number | null;
  year: number | null;
  backdropPath: string[];
  youtubeTrailer: string | null;
  episodeRunTime: number | null;
  lastModified: Date | null;
  tmdbId: string | null;
}

function seriesFields(r: Record<string, unknown>, seriesId: string): UpstreamSeries {
  const name = text(r.name) ?? text(r.title) ?? `Series ${seriesId}`;
  const releaseDate = text(r.releaseDate) ?? text(r.release_date);
  return {
    seriesId,
    name,
    cover: text(r.cover),
    ...categoriesOf(r),
    plot: text(r.plot),
    cast: text(r.cast),
    director: text(r.director),
    genre: text(r.genre),
    releaseDate,
    rating: num(r.rating),
    year: yearOf(r.year, releaseDate, name),
    backdropPath: stringList(r.backdrop_path),
    youtubeTrailer: text(r.youtube_trailer),
    episodeRunTime: int(r.episode_run_time),
    lastModified: epochSeconds(r.last_modified),
    tmdbId: id(r.tmdb_id) ?? id(r.tmdb),
  };
}

function seriesOf(r: Record<string, unknown>): UpstreamSeries | null {
  const seriesId = id(r.series_id);
  return seriesId === null ? null : seriesFields(r, seriesId);
}

export const upstreamSeriesSchema = row.transform(seriesOf);

export interface UpstreamAccount {
  userInfo: {
    username: string | null;
    status: string;
    expDate: Date | null;
    maxConnections: number | null;
    activeConnections: number | null;
    isTrial: boolean;
    auth: boolean;
    createdAt: Date | null;
    allowedOutputFormats: string[];
  };
  serverInfo: {
    url: string | null;
    port: string | null;
    httpsPort: string | null;
    protocol: string | null;
    timezone: string | null;
    timestampNow: number | null;
  };
}

/** Null when the answer has no `user_info` object at all (not a login payload). */
export const upstreamAccountSchema = row.transform((r): UpstreamAccount | null => {
  if (r.user_info === null || typeof r.user_info !== 'object' || Array.isArray(r.user_info)) return null;
  const user = record(r.user_info);
  const server = record(r.server_info);
  return {
    userInfo: {
      username: text(user.username),
      status: text(user.status) ?? 'Unknown',
      expDate: epochSeconds(user.exp_date),
      maxConnections: int(user.max_connections),
      activeConnections: int(user.active_cons),
      isTrial: flag(user.is_trial),
      auth: flag(user.auth),
      createdAt: epochSeconds(user.created_at),
      allowedOutputFormats: stringList(user.allowed_output_formats),
    },
    serverInfo: {
      url: text(server.url),
      port: text(server.port),
      httpsPort: text(server.https_port),
      protocol: text(server.server_protocol),
      timezone: text(server.timezone),
      timestampNow: int(server.timestamp_now),
    },
  };
});

export { text as looseText, num as looseNumber, int as looseInt, id as looseId, epochSeconds, record as looseRecord, stringList, yearOf };

/**
 * The catalog schemas' parsers as plain functions, for the hot loop of a list of 100,000 rows: the
 * same results as the schemas' `safeParse(...).data` (null for a row that is not an item), without
 * zod's per-call machinery, which doubled the time of a movie list's parse.
 */
export const catalogItemParsers = {
  live: (v: unknown): UpstreamLive | null => (isRow(v) ? liveOf(v) : null),
  vod: (v: unknown): UpstreamMovie | null => (isRow(v) ? movieOf(v) : null),
  series: (v: unknown): UpstreamSeries | null => (isRow(v) ? seriesOf(v) : null),
};
