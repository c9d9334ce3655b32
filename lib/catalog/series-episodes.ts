import * as items from '@/db/queries/items';
import { countStoredEpisodes, storeSeriesFetch } from '@/db/queries/series-episodes';
import type { UpstreamClient } from '@/lib/upstream';

export interface SeriesRef {
  public_id: number;
  upstream_server_id: string;
  stream_id: string;
  /** The series' last_modified from the list; stored with the episodes to tell when they are stale. */
  added_at: Date | null;
}

export interface StoredSeason {
  season_number: number;
  name: string;
  episode_count: number;
  cover: string;
  air_date: string;
}

/**
 * Fetches a series' episodes from its upstream and stores them (each with its own public id), with its
 * seasons. An answer without episodes never replaces stored ones (XTREAM.md §7: an empty answer
 * deletes nothing): then `kept` is true and the series stays due for the next fetch.
 * Throws what the upstream client throws.
 */
export async function fetchSeriesEpisodes(client: UpstreamClient, series: SeriesRef): Promise<{ episodes: number; kept: boolean }> {
  const answer = await client.seriesInfo(series.stream_id);
  if (answer.episodes.length === 0 && (await countStoredEpisodes(series.public_id)) > 0) return { episodes: 0, kept: true };
  await items.replaceSeriesEpisodes(
    series.upstream_server_id,
    series.public_id,
    answer.episodes.map((e) => ({
      episodeId: e.id,
      season: e.season,
      episodeNum: e.episodeNum,
      title: e.title.slice(0, 500),
      containerExtension: (e.containerExtension || 'mp4').slice(0, 16),
      info: JSON.stringify({ ...e.info, duration_secs: e.durationSecs ?? 0, plot: e.plot ?? e.info.plot ?? '', movie_image: e.image ?? e.info.movie_image ?? '' }),
      addedAt: e.added?.toISOString() ?? null,
    })),
  );
  const seasons: StoredSeason[] = answer.seasons.map((s) => ({
    season_number: s.seasonNumber, name: s.name, episode_count: s.episodeCount, cover: s.cover ?? '', air_date: s.airDate ?? '',
  }));
  await storeSeriesFetch(series.public_id, { ...answer.info, seasons }, series.added_at);
  return { episodes: answer.episodes.length, kept: false };
}
