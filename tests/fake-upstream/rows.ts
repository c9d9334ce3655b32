import { episodesOf, type Catalog, type FakeCategory, type FakeLive, type FakeMovie, type FakeSeries } from './catalog';
import { bendRow } from './hostile';
import { applyTypeQuirks, type Json, type Quirks } from './quirks';

// Rows in the classic XC 2.9 / XUI types (see XTREAM.md §3), then bent by the quirks.

function categoryFields(index: number, categoryIds: number[], quirks: Quirks): { [key: string]: Json } {
  if (quirks.nullCategories && index % 3 === 1) return { category_id: null, category_ids: [] };
  return { category_id: String(categoryIds[0]), category_ids: categoryIds };
}

export function categoryRow(category: FakeCategory, quirks: Quirks): Json {
  return applyTypeQuirks(bendRow({ category_id: String(category.id), category_name: category.name, parent_id: 0 }, 0, quirks), quirks);
}

export function liveRow(item: FakeLive, index: number, quirks: Quirks): Json {
  return applyTypeQuirks(
    bendRow({
      num: index + 1,
      name: item.name,
      stream_type: 'live',
      stream_id: item.id,
      stream_icon: item.icon,
      epg_channel_id: item.epgChannelId,
      added: String(item.added),
      ...categoryFields(index, item.categoryIds, quirks),
      custom_sid: '',
      tv_archive: item.tvArchiveDays > 0 ? 1 : 0,
      direct_source: '',
      tv_archive_duration: item.tvArchiveDays,
      thumbnail: '',
    }, index, quirks),
    quirks,
  );
}

export function movieRow(item: FakeMovie, index: number, quirks: Quirks): Json {
  return applyTypeQuirks(
    bendRow({
      num: index + 1,
      name: item.name,
      title: item.name.replace(/ \(\d{4}\)$/, ''),
      year: String(item.year),
      stream_type: 'movie',
      stream_id: item.id,
      stream_icon: item.icon,
      rating: item.rating,
      rating_5based: item.rating === '' ? 0 : Number(item.rating) / 2,
      added: String(item.added),
      ...categoryFields(index, item.categoryIds, quirks),
      container_extension: item.extension,
      custom_sid: '',
      direct_source: '',
      tmdb_id: String(item.tmdbId),
    }, index, quirks),
    quirks,
  );
}

function backdrop(item: FakeSeries, quirks: Quirks): Json {
  if (quirks.backdropPath === 'string') return item.backdrop;
  if (quirks.backdropPath === 'null') return null;
  return [item.backdrop];
}

function seriesFields(item: FakeSeries, index: number, quirks: Quirks): { [key: string]: Json } {
  const releaseDate = `${item.year}-0${1 + (index % 9)}-15`;
  return {
    name: item.name,
    title: item.name,
    year: String(item.year),
    cover: item.cover,
    plot: item.plot,
    cast: 'Actor One, Actor Two',
    director: 'Director Name',
    genre: 'Drama',
    releaseDate,
    release_date: releaseDate,
    last_modified: String(item.lastModified),
    rating: item.rating,
    rating_5based: Number(item.rating) / 2,
    backdrop_path: backdrop(item, quirks),
    youtube_trailer: '',
    episode_run_time: '42',
    ...categoryFields(index, item.categoryIds, quirks),
  };
}

export function seriesRow(item: FakeSeries, index: number, quirks: Quirks): Json {
  return applyTypeQuirks(bendRow({ num: index + 1, stream_type: 'series', series_id: item.id, ...seriesFields(item, index, quirks) }, index, quirks), quirks);
}

export function vodInfo(catalog: Catalog, vodId: number, quirks: Quirks): Json {
  const index = catalog.vod.findIndex((m) => m.id === vodId);
  if (index < 0) return { info: [] };
  const item = catalog.vod[index];
  const info: Json = quirks.emptyObjectsAsArrays
    ? []
    : {
        tmdb_id: item.tmdbId,
        name: item.name,
        cover_big: item.icon,
        movie_image: item.icon,
        release_date: `${item.year}-05-01`,
        plot: `Plot of movie ${item.id}.`,
        cast: 'Actor One',
        director: 'Director Name',
        genre: 'Action',
        duration_secs: 5400 + (index % 60) * 60,
        rating: item.rating === '' ? 0 : Number(item.rating),
        backdrop_path: [`http://img.fake/vod/${item.id}-backdrop.jpg`],
      };
  return applyTypeQuirks(
    {
      info,
      movie_data: {
        stream_id: item.id,
        name: item.name,
        added: String(item.added),
        ...categoryFields(index, item.categoryIds, quirks),
        container_extension: item.extension,
        custom_sid: '',
        direct_source: '',
      },
    },
    quirks,
  );
}

export function seriesInfo(catalog: Catalog, seriesId: number, quirks: Quirks): { status: number; body: Json } {
  const index = catalog.series.findIndex((s) => s.id === seriesId);
  if (index < 0) return { status: 404, body: { info: { name: null }, seasons: [], episodes: {} } };
  const item = catalog.series[index];
  const bySeason = new Map<number, Json[]>();
  for (const [n, episode] of episodesOf(item).entries()) {
    const row: Json = bendRow({
      id: String(episode.id),
      episode_num: episode.episodeNum,
      title: episode.title,
      container_extension: episode.extension,
      info: quirks.emptyObjectsAsArrays
        ? []
        : { duration_secs: episode.durationSecs, plot: `Episode ${episode.episodeNum}.`, movie_image: item.cover, season: episode.season },
      subtitles: [],
      custom_sid: '',
      added: String(episode.added),
      season: episode.season,
      direct_source: '',
    }, n, quirks);
    bySeason.set(episode.season, [...(bySeason.get(episode.season) ?? []), row]);
  }
  // PHP emits keys 0..n-1 as a JSON array; the quirk shows that shape (season s at index s - 1).
  const episodes: Json = quirks.emptyObjectsAsArrays
    ? [...bySeason.values()]
    : Object.fromEntries([...bySeason.entries()].map(([season, rows]) => [String(season), rows]));
  const seasons: Json = quirks.emptyObjectsAsArrays
    ? []
    : [...bySeason.entries()].map(([season, rows]) => ({
        season_number: season,
        name: `Season ${season}`,
        episode_count: rows.length,
        cover: item.cover,
        air_date: `${item.year}-01-01`,
      }));
  return { status: 200, body: applyTypeQuirks({ seasons, info: seriesFields(item, index, quirks), episodes }, quirks) };
}
