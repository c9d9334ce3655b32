import type { CatalogItemRow } from '@/db/queries/catalog';
import { providerArtwork, type ArtworkRewrite } from '@/lib/artwork/player-artwork';
import { rating5, ratingText, runTime } from '@/lib/catalog/classic-types';

// Classic Xtream panel types, field by field (XTREAM.md §3): strict clients parse them. `img` points
// each image at the provider (the default) or at the panel's /img cache (proxyArtworkInLists).
const epoch = (d: Date | null) => (d ? String(Math.floor(d.getTime() / 1000)) : '0');
const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

export function liveRow(item: CatalogItemRow, num: number, categoryId: number, img: ArtworkRewrite = providerArtwork) {
  return {
    num,
    name: item.name,
    stream_type: 'live',
    stream_id: item.public_id,
    stream_icon: img(item.icon, item),
    epg_channel_id: item.epg_channel_id ?? null,
    added: epoch(item.added_at),
    category_id: String(categoryId),
    category_ids: [categoryId],
    custom_sid: '',
    tv_archive: item.tv_archive ? 1 : 0,
    direct_source: '',
    tv_archive_duration: item.tv_archive ? item.tv_archive_duration : 0,
    thumbnail: '',
  };
}

export function vodRow(item: CatalogItemRow, num: number, categoryId: number, img: ArtworkRewrite = providerArtwork) {
  return {
    num,
    name: item.name,
    title: item.name,
    year: str(item.release_year),
    stream_type: 'movie',
    stream_id: item.public_id,
    stream_icon: img(item.icon, item),
    rating: ratingText(item.rating),
    rating_5based: rating5(item.rating),
    added: epoch(item.added_at),
    category_id: String(categoryId),
    category_ids: [categoryId],
    container_extension: item.container_extension || 'mp4',
    custom_sid: '',
    direct_source: '',
  };
}

export function seriesRow(item: CatalogItemRow, num: number, categoryId: number, img: ArtworkRewrite = providerArtwork) {
  const m = item.metadata ?? {};
  const backdrop = Array.isArray(m.backdropPath) ? m.backdropPath.map((u) => img(String(u), item)) : [];
  const releaseDate = str(m.releaseDate);
  return {
    num,
    name: item.name,
    title: item.name,
    year: str(item.release_year),
    stream_type: 'series',
    series_id: item.public_id,
    cover: img(item.icon, item),
    plot: str(m.plot),
    cast: str(m.cast),
    director: str(m.director),
    genre: str(m.genre),
    releaseDate,
    release_date: releaseDate,
    last_modified: epoch(item.added_at),
    rating: ratingText(item.rating),
    rating_5based: rating5(item.rating),
    backdrop_path: backdrop,
    youtube_trailer: str(m.youtubeTrailer),
    episode_run_time: runTime(m.episodeRunTime),
    category_id: String(categoryId),
    category_ids: [categoryId],
  };
}

export const serializeRow = { live: liveRow, vod: vodRow, series: seriesRow } as const;
