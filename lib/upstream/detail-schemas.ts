import { z } from 'zod';
import {
  containerExtensionOf,
  epochSeconds,
  looseId as id,
  looseInt as int,
  looseNumber as num,
  looseRecord as record,
  looseText as text,
  stringList,
  upstreamSeriesSchema,
  yearOf,
  type UpstreamSeries,
} from './schemas';

// `get_vod_info` and `get_series_info`: object answers where panels put `[]` for every empty object
// and `episodes` is an object keyed by season, an array of season arrays, or a flat array.

export interface UpstreamVodInfo {
  /** False for the `{"info":[]}` a panel sends for an unknown id. */
  found: boolean;
  info: Record<string, unknown>;
  streamId: string | null;
  name: string | null;
  containerExtension: string | null;
  categoryId: string | null;
  added: Date | null;
  plot: string | null;
  cast: string | null;
  director: string | null;
  genre: string | null;
  releaseDate: string | null;
  year: number | null;
  rating: number | null;
  durationSecs: number | null;
  cover: string | null;
  backdropPath: string[];
  youtubeTrailer: string | null;
  tmdbId: string | null;
}

export const upstreamVodInfoSchema = z.unknown().transform((value): UpstreamVodInfo => {
  const root = record(value);
  const info = record(root.info);
  const movie = record(root.movie_data);
  const releaseDate = text(info.release_date) ?? text(info.releasedate) ?? text(info.releaseDate);
  const name = text(movie.name) ?? text(info.name);
  return {
    found: Object.keys(info).length > 0 || Object.keys(movie).length > 0,
    info,
    streamId: id(movie.stream_id),
    name,
    containerExtension: containerExtensionOf(movie.container_extension, null),
    categoryId: id(movie.category_id),
    added: epochSeconds(movie.added),
    plot: text(info.plot) ?? text(info.description),
    cast: text(info.cast) ?? text(info.actors),
    director: text(info.director),
    genre: text(info.genre),
    releaseDate,
    year: yearOf(movie.year, info.year, releaseDate, name),
    rating: num(info.rating),
    durationSecs: int(info.duration_secs),
    cover: text(info.cover_big) ?? text(info.movie_image),
    backdropPath: stringList(info.backdrop_path),
    youtubeTrailer: text(info.youtube_trailer),
    tmdbId: id(info.tmdb_id) ?? id(info.tmdb),
  };
});

export interface UpstreamSeason {
  seasonNumber: number;
  name: string;
  episodeCount: number;
  cover: string | null;
  airDate: string | null;
}

export interface UpstreamEpisode {
  id: string;
  season: number;
  episodeNum: number;
  title: string;
  containerExtension: string;
  info: Record<string, unknown>;
  added: Date | null;
  durationSecs: number | null;
  plot: string | null;
  image: string | null;
}

export interface UpstreamSeriesInfo {
  found: boolean;
  info: Record<string, unknown>;
  /** The `info` block in the same typed shape as a `get_series` row, when it names the series. */
  series: UpstreamSeries | null;
  seasons: UpstreamSeason[];
  episodes: UpstreamEpisode[];
  skipped: number;
}

function parseEpisode(value: unknown, seasonKey: number | null): UpstreamEpisode | null {
  const r = record(value);
  const episodeId = id(r.id) ?? id(r.stream_id);
  if (episodeId === null) return null;
  const info = record(r.info);
  const season = int(r.season) ?? seasonKey ?? int(info.season) ?? 1;
  const episodeNum = int(r.episode_num) ?? 0;
  return {
    id: episodeId,
    season,
    episodeNum,
    title: text(r.title) ?? text(info.name) ?? `Episode ${episodeNum}`,
    containerExtension: containerExtensionOf(r.container_extension, 'mp4'),
    info,
    added: epochSeconds(r.added),
    durationSecs: int(info.duration_secs),
    plot: text(info.plot),
    image: text(info.movie_image) ?? text(info.cover_big),
  };
}

/** Every layout of `episodes` as (season key, raw episode) pairs. */
function rawEpisodes(value: unknown): Array<[number | null, unknown]> {
  const pairs: Array<[number | null, unknown]> = [];
  if (Array.isArray(value)) {
    // PHP turns keys 0..n-1 into a JSON array: either season arrays or a flat list of episodes.
    value.forEach((entry, index) => {
      if (Array.isArray(entry)) for (const episode of entry) pairs.push([index, episode]);
      else pairs.push([null, entry]);
    });
    return pairs;
  }
  for (const [key, list] of Object.entries(record(value))) {
    const season = int(key);
    const entries = Array.isArray(list) ? list : Object.values(record(list));
    for (const episode of entries) pairs.push([season, episode]);
  }
  return pairs;
}

function parseSeason(value: unknown): UpstreamSeason | null {
  const r = record(value);
  const seasonNumber = int(r.season_number);
  if (seasonNumber === null) return null;
  return {
    seasonNumber,
    name: text(r.name) ?? `Season ${seasonNumber}`,
    episodeCount: int(r.episode_count) ?? 0,
    cover: text(r.cover_big) ?? text(r.cover),
    airDate: text(r.air_date),
  };
}

export const upstreamSeriesInfoSchema = z.unknown().transform((value): UpstreamSeriesInfo => {
  const root = record(value);
  const info = record(root.info);
  let skipped = 0;
  const episodes: UpstreamEpisode[] = [];
  for (const [seasonKey, raw] of rawEpisodes(root.episodes)) {
    const episode = parseEpisode(raw, seasonKey);
    if (episode) episodes.push(episode);
    else skipped += 1;
  }
  episodes.sort((a, b) => a.season - b.season || a.episodeNum - b.episodeNum);

  const listed = Array.isArray(root.seasons)
    ? root.seasons.map(parseSeason).filter((s): s is UpstreamSeason => s !== null)
    : [];
  const counts = new Map<number, number>();
  for (const episode of episodes) counts.set(episode.season, (counts.get(episode.season) ?? 0) + 1);
  // Providers often send no seasons (or only some): the episode keys are the truth.
  const seasons = [...counts.keys()].sort((a, b) => a - b).map((seasonNumber) => {
    const given = listed.find((s) => s.seasonNumber === seasonNumber);
    const episodeCount = counts.get(seasonNumber) ?? 0;
    return given ? { ...given, episodeCount } : { seasonNumber, name: `Season ${seasonNumber}`, episodeCount, cover: null, airDate: null };
  });

  const seriesId = id(info.series_id) ?? id(root.series_id) ?? '';
  const named = text(info.name) !== null;
  const parsed = named ? upstreamSeriesSchema.safeParse({ ...info, series_id: seriesId || '0' }) : null;
  return {
    found: named || episodes.length > 0,
    info,
    series: parsed?.success ? parsed.data : null,
    seasons,
    episodes,
    skipped,
  };
});
