import crypto from 'node:crypto';
import type { SyncedRowInput } from '@/db/queries/catalog-sync';
import type { UpstreamLive, UpstreamMovie, UpstreamSeries } from '@/lib/upstream';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);

/**
 * Fills in the row's metadata (JSON) and its hash. The row is built once, with both empty, and filled
 * here: 215,000 rows at a 1,000-row batch live long enough for V8 to allocate their literals straight
 * in its old generation, where a second copy of every row (a spread) stays as garbage until a full
 * collection.
 */
function finish(row: SyncedRowInput, metadata: Record<string, unknown>): SyncedRowInput {
  const meta = JSON.stringify(metadata);
  row.metadata = meta;
  // One-shot crypto.hash: a third faster than createHash().update().digest() for rows this small.
  row.hash = crypto.hash(
    'sha1',
    JSON.stringify([row.name, row.icon, row.upstreamCategoryId, row.epgChannelId, row.containerExtension, row.tvArchive,
      row.tvArchiveDuration, row.rating, row.year, row.tmdbId, row.addedAt, meta]),
  );
  return row;
}

export function liveRow(item: UpstreamLive): SyncedRowInput {
  return finish(
    {
      streamId: item.streamId,
      name: cut(item.name, 500),
      icon: item.icon,
      upstreamCategoryId: item.categoryId,
      epgChannelId: item.epgChannelId ? cut(item.epgChannelId, 255) : null,
      containerExtension: null,
      tvArchive: item.tvArchive,
      tvArchiveDuration: item.tvArchiveDuration,
      rating: null,
      year: null,
      tmdbId: null,
      addedAt: iso(item.added),
      metadata: '',
      hash: '',
    },
    { num: item.num, categoryIds: item.categoryIds },
  );
}

export function movieRow(item: UpstreamMovie): SyncedRowInput {
  return finish(
    {
      streamId: item.streamId,
      name: cut(item.name, 500),
      icon: item.icon,
      upstreamCategoryId: item.categoryId,
      epgChannelId: null,
      containerExtension: cut(item.containerExtension, 16),
      tvArchive: false,
      tvArchiveDuration: 0,
      rating: item.rating,
      year: item.year,
      tmdbId: item.tmdbId ? cut(item.tmdbId, 32) : null,
      addedAt: iso(item.added),
      metadata: '',
      hash: '',
    },
    { num: item.num, categoryIds: item.categoryIds, plot: item.plot, genre: item.genre },
  );
}

export function seriesRow(item: UpstreamSeries): SyncedRowInput {
  return finish(
    {
      streamId: item.seriesId,
      name: cut(item.name, 500),
      icon: item.cover,
      upstreamCategoryId: item.categoryId,
      epgChannelId: null,
      containerExtension: null,
      tvArchive: false,
      tvArchiveDuration: 0,
      rating: item.rating,
      year: item.year,
      tmdbId: item.tmdbId ? cut(item.tmdbId, 32) : null,
      addedAt: iso(item.lastModified),
      metadata: '',
      hash: '',
    },
    {
      categoryIds: item.categoryIds, plot: item.plot, cast: item.cast, director: item.director, genre: item.genre,
      releaseDate: item.releaseDate, backdropPath: item.backdropPath, youtubeTrailer: item.youtubeTrailer,
      episodeRunTime: item.episodeRunTime,
    },
  );
}
