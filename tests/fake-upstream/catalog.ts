// Deterministic catalog of the fake provider: the same sizes always give the same items, so tests
// can compare what the client parsed with what the fake holds.

export interface CatalogSizes {
  live: number;
  vod: number;
  series: number;
  categoriesPerType: number;
  episodesPerSeries: number;
}

export const defaultSizes: CatalogSizes = { live: 30, vod: 40, series: 10, categoriesPerType: 5, episodesPerSeries: 6 };

export interface FakeCategory {
  id: number;
  name: string;
}

export interface FakeLive {
  id: number;
  name: string;
  categoryIds: number[];
  epgChannelId: string | null;
  tvArchiveDays: number;
  added: number;
  icon: string;
}

export interface FakeMovie {
  id: number;
  name: string;
  categoryIds: number[];
  year: number;
  rating: string;
  added: number;
  extension: string;
  icon: string;
  tmdbId: number;
}

export interface FakeEpisode {
  id: number;
  season: number;
  episodeNum: number;
  title: string;
  extension: string;
  added: number;
  durationSecs: number;
}

export interface FakeSeries {
  id: number;
  name: string;
  categoryIds: number[];
  year: number;
  rating: string;
  lastModified: number;
  cover: string;
  backdrop: string;
  plot: string;
  /** Episodes are derived on demand so 10,000 series cost nothing until asked for. */
  episodeCount: number;
  firstEpisodeId: number;
}

export interface Catalog {
  categories: { live: FakeCategory[]; vod: FakeCategory[]; series: FakeCategory[] };
  live: FakeLive[];
  vod: FakeMovie[];
  series: FakeSeries[];
}

export type CatalogType = 'live' | 'vod' | 'series';

// Id spaces: live and movies never collide here, and episode ids sit above every stream id.
export const liveIdBase = 1000;
export const vodIdBase = 1_000_000;
export const episodeIdBase = 50_000_000;
const baseEpoch = 1_700_000_000;
const extensions = ['mp4', 'mkv', 'avi', 'mp4'];
const words = ['Red', 'Silent', 'Golden', 'Last', 'Hidden', 'Broken', 'Northern', 'Iron', 'Lost', 'Wild'];
const nouns = ['River', 'City', 'Night', 'Empire', 'Signal', 'Garden', 'Harbor', 'Storm', 'Crown', 'Road'];

function title(i: number): string {
  return `${words[i % words.length]} ${nouns[Math.floor(i / words.length) % nouns.length]} ${i}`;
}

function categoriesFor(type: 'Live' | 'Movies' | 'Series', base: number, count: number): FakeCategory[] {
  return Array.from({ length: Math.max(1, count) }, (_, i) => ({ id: base + i, name: `${type} ${i + 1}` }));
}

function categoryIdsFor(i: number, categories: FakeCategory[]): number[] {
  const first = categories[i % categories.length].id;
  // Every tenth item also sits in the next category (XUI's category_ids).
  if (i % 10 === 9 && categories.length > 1) return [first, categories[(i + 1) % categories.length].id];
  return [first];
}

export function generateCatalog(sizes: CatalogSizes): Catalog {
  const categories = {
    live: categoriesFor('Live', 1, sizes.categoriesPerType),
    vod: categoriesFor('Movies', 101, sizes.categoriesPerType),
    series: categoriesFor('Series', 201, sizes.categoriesPerType),
  };
  const live: FakeLive[] = new Array(sizes.live);
  for (let i = 0; i < sizes.live; i += 1) {
    const id = liveIdBase + i;
    live[i] = {
      id,
      name: `Channel ${i + 1}${i % 7 === 3 ? ' "HD"' : ''}`,
      categoryIds: categoryIdsFor(i, categories.live),
      epgChannelId: i % 5 === 4 ? null : `ch${id}.fake`,
      tvArchiveDays: i % 4 === 0 ? 3 : 0,
      added: baseEpoch + i * 60,
      icon: i % 6 === 5 ? '' : `http://img.fake/live/${id}.png`,
    };
  }
  const vod: FakeMovie[] = new Array(sizes.vod);
  for (let i = 0; i < sizes.vod; i += 1) {
    const id = vodIdBase + i;
    const year = 1950 + (i % 75);
    vod[i] = {
      id,
      name: `${title(i)} (${year})`,
      categoryIds: categoryIdsFor(i, categories.vod),
      year,
      rating: i % 9 === 8 ? '' : ((i * 7) % 100 / 10).toFixed(1),
      added: baseEpoch + i * 30,
      extension: extensions[i % extensions.length],
      icon: `http://img.fake/vod/${id}.jpg`,
      tmdbId: 10_000 + i,
    };
  }
  const series: FakeSeries[] = new Array(sizes.series);
  for (let i = 0; i < sizes.series; i += 1) {
    const id = 1 + i;
    series[i] = {
      id,
      name: `The ${title(i + 3)}`,
      categoryIds: categoryIdsFor(i, categories.series),
      year: 1990 + (i % 35),
      rating: ((i * 3) % 100 / 10).toFixed(1),
      lastModified: baseEpoch + i * 120,
      cover: `http://img.fake/series/${id}.jpg`,
      backdrop: `http://img.fake/series/${id}-backdrop.jpg`,
      plot: `Plot of series ${id}: a "quoted" word, a back\\slash and ünïcödé.`,
      episodeCount: sizes.episodesPerSeries,
      firstEpisodeId: episodeIdBase + i * sizes.episodesPerSeries,
    };
  }
  return { categories, live, vod, series };
}

/** Episodes of a series: three per season, numbered from 1 in each season. */
export function episodesOf(series: FakeSeries): FakeEpisode[] {
  return Array.from({ length: series.episodeCount }, (_, n) => {
    const season = 1 + Math.floor(n / 3);
    const episodeNum = 1 + (n % 3);
    return {
      id: series.firstEpisodeId + n,
      season,
      episodeNum,
      title: `${series.name} - S${String(season).padStart(2, '0')}E${String(episodeNum).padStart(2, '0')}`,
      extension: n % 2 === 0 ? 'mkv' : 'mp4',
      added: series.lastModified - 3600 * (series.episodeCount - n),
      durationSecs: 1800 + n * 60,
    };
  });
}

export function findEpisode(catalog: Catalog, episodeId: number): FakeEpisode | null {
  for (const series of catalog.series) {
    const offset = episodeId - series.firstEpisodeId;
    if (offset >= 0 && offset < series.episodeCount) return episodesOf(series)[offset];
  }
  return null;
}
