import { findServableLocal, findServableSynced, storeItemInfo, type SyncedItem } from '@/db/queries/items';
import { findUpstream } from '@/db/queries/upstream-servers';
import { logger } from '@/lib/monitor/logger';
import { clientFor } from '@/lib/upstream/server-service';
import { intOrNull, ratingText } from './classic-types';
import { mergedCategories } from './categories';

const DAY_MS = 24 * 3600_000;
const epoch = (d: Date | null) => (d ? String(Math.floor(d.getTime() / 1000)) : '0');

// Keys a provider may fill with its own stream address: never passed on.
const LEAKY = new Set(['direct_source', 'stream_url', 'url', 'movie_url']);
function cleanInfo(info: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(info).filter(([k]) => !LEAKY.has(k)));
}

async function categoryOf(kind: 'vod' | 'series', categoryId: number | null): Promise<number> {
  const { list, uncategorized } = await mergedCategories(kind);
  return categoryId !== null && list.some((c) => c.id === categoryId) ? categoryId : uncategorized;
}

/** The upstream's get_vod_info for a synced movie, cached a day; a failed fetch falls back to the cache. */
async function upstreamVodInfo(item: SyncedItem): Promise<Record<string, unknown>> {
  const fresh = item.info && item.info_fetched_at && Date.now() - item.info_fetched_at.getTime() < DAY_MS;
  if (fresh) return item.info!;
  try {
    const upstream = await findUpstream(item.upstream_server_id);
    if (!upstream) return item.info ?? {};
    const answer = await clientFor(upstream).vodInfo(item.stream_id);
    if (!answer.found) return item.info ?? {};
    const info = cleanInfo({
      ...answer.info,
      name: answer.name ?? item.name,
      plot: answer.plot ?? '',
      cast: answer.cast ?? '',
      director: answer.director ?? '',
      genre: answer.genre ?? '',
      releasedate: answer.releaseDate ?? '',
      rating: ratingText(answer.rating),
      duration_secs: answer.durationSecs ?? 0,
      movie_image: answer.cover ?? item.stream_icon ?? '',
      cover_big: answer.cover ?? item.stream_icon ?? '',
      backdrop_path: answer.backdropPath,
      youtube_trailer: answer.youtubeTrailer ?? '',
      tmdb_id: answer.tmdbId ?? item.tmdb_id ?? '',
    });
    await storeItemInfo(item.public_id, info);
    return info;
  } catch (err) {
    logger.warn({ err: String(err), publicId: item.public_id }, 'get_vod_info from upstream failed; using cached info');
    return item.info ?? {};
  }
}

/**
 * The numbers strict clients parse (Jellyfin.Xtream's VodInfo): `rating` never "", `tmdb_id` an
 * integer when known (XC 2.9 / XUI; "" otherwise), `duration_secs` and `bitrate` integers. Applied on
 * the way out, so info cached by an older version is answered the same way.
 */
function classicTypes(info: Record<string, unknown>, tmdbOfList: string | null): Record<string, unknown> {
  const rating = typeof info.rating === 'number' ? info.rating : Number.parseFloat(String(info.rating ?? ''));
  return {
    ...info,
    rating: ratingText(Number.isFinite(rating) ? rating : null),
    tmdb_id: intOrNull(info.tmdb_id) ?? intOrNull(tmdbOfList) ?? '',
    duration_secs: intOrNull(info.duration_secs) ?? 0,
    bitrate: intOrNull(info.bitrate) ?? 0,
  };
}

/** `get_vod_info`: `{info, movie_data}`, or `{info: []}` for an unknown id (clients test for exactly that). */
export async function vodInfo(publicId: number): Promise<Record<string, unknown>> {
  const synced = await findServableSynced(publicId, 'vod');
  if (synced) {
    const category = await categoryOf('vod', synced.category_id);
    const info = await upstreamVodInfo(synced);
    return {
      info: classicTypes({ name: synced.name, movie_image: synced.stream_icon ?? '', cover_big: synced.stream_icon ?? '', ...info }, synced.tmdb_id),
      movie_data: {
        stream_id: synced.public_id,
        name: synced.name,
        title: synced.name,
        year: synced.release_year === null ? '' : String(synced.release_year),
        added: epoch(synced.added_at),
        category_id: String(category),
        category_ids: [category],
        container_extension: synced.container_extension || 'mp4',
        custom_sid: '',
        direct_source: '',
      },
    };
  }
  const local = await findServableLocal(publicId, 'movie');
  if (!local) return { info: [] };
  const category = await categoryOf('vod', local.category_id);
  return {
    info: {
      name: local.title,
      plot: local.description ?? '',
      description: local.description ?? '',
      genre: local.genre.join(', '),
      releasedate: '', // a bare year is no date for clients that parse one (Jellyfin.Xtream: DateTime?)
      rating: ratingText(local.rating),
      movie_image: local.poster_url ?? '',
      cover_big: local.poster_url ?? '',
      backdrop_path: [],
      youtube_trailer: '',
      duration_secs: 0,
      tmdb_id: '',
      bitrate: 0,
    },
    movie_data: {
      stream_id: local.public_id,
      name: local.title,
      title: local.title,
      year: local.release_year ? String(local.release_year) : '',
      added: epoch(local.created_at),
      category_id: String(category),
      category_ids: [category],
      container_extension: local.container_extension || 'mp4',
      custom_sid: '',
      direct_source: '',
    },
  };
}
