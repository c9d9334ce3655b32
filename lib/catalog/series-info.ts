import * as items from '@/db/queries/items';
import { findUpstream } from '@/db/queries/upstream-servers';
import { logger } from '@/lib/monitor/logger';
import { clientFor } from '@/lib/upstream/server-service';
import { mergedCategories } from './categories';

const DAY_MS = 24 * 3600_000;
const epoch = (d: Date | null) => (d ? String(Math.floor(d.getTime() / 1000)) : '0');
const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

export const SERIES_NOT_FOUND = { info: { name: null }, seasons: [], episodes: {} };

interface Episode {
  id: string;
  episode_num: number;
  season: number;
  title: string;
  container_extension: string;
  info: Record<string, unknown>;
  subtitles: never[];
  custom_sid: string;
  added: string;
  direct_source: string;
}

/** Episodes keyed by season as a string; seasons synthesised from the keys when the provider has none. */
function shape(info: Record<string, unknown>, episodes: Episode[], seasonsFromUpstream: Record<string, unknown>[]) {
  const bySeason: Record<string, Episode[]> = {};
  for (const e of episodes) (bySeason[String(e.season)] ??= []).push(e);
  const known = new Map(seasonsFromUpstream.map((s) => [Number(s.season_number), s]));
  const seasons = Object.keys(bySeason)
    .map(Number)
    .sort((a, b) => a - b)
    .map((n) => known.get(n) ?? { season_number: n, name: `Season ${n}`, episode_count: String(bySeason[String(n)].length), cover: '', air_date: '' });
  return { seasons, info, episodes: bySeason };
}

async function fetchUpstreamEpisodes(series: items.SyncedItem): Promise<Record<string, unknown>[]> {
  const upstream = await findUpstream(series.upstream_server_id);
  if (!upstream) return [];
  const answer = await clientFor(upstream).seriesInfo(series.stream_id);
  await items.replaceSeriesEpisodes(
    series.upstream_server_id,
    series.public_id,
    answer.episodes.map((e) => ({
      episodeId: e.id,
      season: e.season,
      episodeNum: e.episodeNum,
      title: e.title.slice(0, 500),
      containerExtension: (e.containerExtension || 'mp4').slice(0, 16),
      info: JSON.stringify({ ...e.info, duration_secs: e.durationSecs ?? e.info.duration_secs ?? 0, plot: e.plot ?? e.info.plot ?? '', movie_image: e.image ?? e.info.movie_image ?? '' }),
      addedAt: e.added?.toISOString() ?? null,
    })),
  );
  const seasons = answer.seasons.map((s) => ({
    season_number: s.seasonNumber, name: s.name, episode_count: String(s.episodeCount), cover: s.cover ?? '', air_date: s.airDate ?? '',
  }));
  await items.storeItemInfo(series.public_id, { ...answer.info, seasons });
  return seasons;
}

/** `get_series_info`; episodes of upstream series are fetched on first request and refreshed daily. */
export async function seriesInfo(publicId: number): Promise<{ status: number; body: unknown }> {
  const { list, uncategorized } = await mergedCategories('series');
  const categoryOf = (id: number | null) => (id !== null && list.some((c) => c.id === id) ? id : uncategorized);
  const synced = await items.findServableSynced(publicId, 'series');
  if (synced) {
    let episodes = await items.listSeriesEpisodes(publicId);
    let seasons = Array.isArray(synced.info?.seasons) ? (synced.info!.seasons as Record<string, unknown>[]) : [];
    const stale = !synced.info_fetched_at || Date.now() - synced.info_fetched_at.getTime() > DAY_MS;
    if (stale) {
      try {
        seasons = await fetchUpstreamEpisodes(synced);
        episodes = await items.listSeriesEpisodes(publicId);
      } catch (err) {
        logger.warn({ err: String(err), publicId }, 'get_series_info from upstream failed; using cached episodes');
      }
    }
    const m = synced.metadata ?? {};
    const category = categoryOf(synced.category_id);
    const info = {
      name: synced.name, title: synced.name, year: str(synced.release_year), cover: synced.stream_icon ?? '', plot: str(m.plot),
      cast: str(m.cast), director: str(m.director), genre: str(m.genre), releaseDate: str(m.releaseDate), release_date: str(m.releaseDate),
      last_modified: epoch(synced.added_at), rating: synced.rating === null ? '' : String(synced.rating),
      rating_5based: synced.rating === null ? 0 : Math.round(synced.rating * 5) / 10,
      backdrop_path: Array.isArray(m.backdropPath) ? m.backdropPath : [], youtube_trailer: str(m.youtubeTrailer),
      episode_run_time: str(m.episodeRunTime), category_id: String(category), category_ids: [category],
    };
    const shaped = episodes.map<Episode>((e) => ({
      id: String(e.public_id), episode_num: e.episode_num, season: e.season, title: e.title, container_extension: e.container_extension || 'mp4',
      info: e.info && !Array.isArray(e.info) ? e.info : {}, subtitles: [], custom_sid: '', added: epoch(e.added_at), direct_source: '',
    }));
    return { status: 200, body: shape(info, shaped, seasons) };
  }
  const local = await items.findServableLocal(publicId, 'series');
  if (!local) return { status: 404, body: SERIES_NOT_FOUND };
  const category = categoryOf(local.category_id);
  const info = {
    name: local.title, title: local.title, year: str(local.release_year), cover: local.poster_url ?? '', plot: local.description ?? '',
    cast: '', director: '', genre: local.genre.join(', '), releaseDate: '', release_date: '', last_modified: epoch(local.updated_at),
    rating: local.rating === null ? '' : String(local.rating), rating_5based: local.rating === null ? 0 : Math.round(local.rating * 5) / 10,
    backdrop_path: [], youtube_trailer: '', episode_run_time: '', category_id: String(category), category_ids: [category],
  };
  const episodes = (await items.listLocalEpisodes(local.id)).map<Episode>((e) => ({
    id: String(e.public_id), episode_num: e.episode, season: e.season, title: e.title, container_extension: e.container_extension || 'mp4',
    info: { plot: e.description ?? '', duration_secs: 0 }, subtitles: [], custom_sid: '', added: epoch(e.created_at), direct_source: '',
  }));
  return { status: 200, body: shape(info, episodes, []) };
}
