import * as items from '@/db/queries/items';
import { findUpstream } from '@/db/queries/upstream-servers';
import { logger } from '@/lib/monitor/logger';
import { clientFor } from '@/lib/upstream/server-service';
import { rating5, ratingText, runTime } from './classic-types';
import { mergedCategories } from './categories';
import { fetchSeriesEpisodes } from './series-episodes';

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
  // episode_count is an integer (Jellyfin.Xtream's Season model) and counts what we list.
  const seasons = Object.keys(bySeason)
    .map(Number)
    .sort((a, b) => a - b)
    .map((n) => ({ ...(known.get(n) ?? { name: `Season ${n}`, cover: '', air_date: '' }), season_number: n, episode_count: bySeason[String(n)].length }));
  return { seasons, info, episodes: bySeason };
}

/** Episodes not stored yet (never fetched, or the series changed since): fetched now, as the sync would. */
async function fetchMissingEpisodes(series: items.SyncedItem): Promise<void> {
  const upstream = await findUpstream(series.upstream_server_id);
  if (upstream) await fetchSeriesEpisodes(clientFor(upstream), series);
}

/**
 * `get_series_info`, from the store: the sync's episode phase stores every series' episodes; only a
 * series it has not reached yet (or that changed since) is fetched here.
 */
export async function seriesInfo(publicId: number): Promise<{ status: number; body: unknown }> {
  const { list, uncategorized } = await mergedCategories('series');
  const categoryOf = (id: number | null) => (id !== null && list.some((c) => c.id === id) ? id : uncategorized);
  const synced = await items.findServableSynced(publicId, 'series');
  if (synced) {
    let stored = synced;
    const missing = !synced.info_fetched_at || synced.added_at?.getTime() !== synced.episodes_last_modified?.getTime();
    if (missing) {
      try {
        await fetchMissingEpisodes(synced);
        stored = (await items.findServableSynced(publicId, 'series')) ?? synced;
      } catch (err) {
        logger.warn({ err: String(err), publicId }, 'get_series_info from upstream failed; using stored episodes');
      }
    }
    const episodes = await items.listSeriesEpisodes(publicId);
    const seasons = Array.isArray(stored.info?.seasons) ? (stored.info!.seasons as Record<string, unknown>[]) : [];
    const m = synced.metadata ?? {};
    const category = categoryOf(synced.category_id);
    const info = {
      name: synced.name, title: synced.name, year: str(synced.release_year), cover: synced.stream_icon ?? '', plot: str(m.plot),
      cast: str(m.cast), director: str(m.director), genre: str(m.genre), releaseDate: str(m.releaseDate), release_date: str(m.releaseDate),
      last_modified: epoch(synced.added_at), rating: ratingText(synced.rating),
      rating_5based: rating5(synced.rating),
      backdrop_path: Array.isArray(m.backdropPath) ? m.backdropPath : [], youtube_trailer: str(m.youtubeTrailer),
      episode_run_time: runTime(m.episodeRunTime), category_id: String(category), category_ids: [category],
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
    rating: ratingText(local.rating), rating_5based: rating5(local.rating),
    backdrop_path: [], youtube_trailer: '', episode_run_time: '0', category_id: String(category), category_ids: [category],
  };
  const episodes = (await items.listLocalEpisodes(local.id)).map<Episode>((e) => ({
    id: String(e.public_id), episode_num: e.episode, season: e.season, title: e.title, container_extension: e.container_extension || 'mp4',
    info: { plot: e.description ?? '', duration_secs: 0 }, subtitles: [], custom_sid: '', added: epoch(e.created_at), direct_source: '',
  }));
  return { status: 200, body: shape(info, episodes, []) };
}
