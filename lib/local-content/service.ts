import { transaction } from '@/db/client';
import { localCategoryId } from '@/db/queries/catalog';
import * as q from '@/db/queries/local-content';
import { bumpCatalogVersion } from '@/lib/catalog-version/version';
import { AppError, conflict, notFound } from '@/lib/errors';
import {
  MOVIE_NEEDS_URL,
  type CreateLocalContentInput,
  type CreateLocalEpisodeInput,
  type LocalContentType,
  type LocalContentView,
  type LocalEpisodeView,
  type UpdateLocalContentInput,
  type UpdateLocalEpisodeInput,
} from './schemas';

type Page = { page: number; pageSize: number };

export function toLocalContentView(row: q.LocalContentRow): LocalContentView {
  return {
    id: row.id,
    publicId: row.public_id,
    title: row.title,
    description: row.description,
    posterUrl: row.poster_url,
    streamUrl: row.stream_url,
    genre: row.genre,
    releaseYear: row.release_year,
    rating: row.rating,
    contentType: row.content_type,
    containerExtension: row.container_extension,
    category: row.category_name,
    isActive: row.is_active,
    episodeCount: row.content_type === 'series' ? row.episode_count : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toLocalEpisodeView(row: q.LocalEpisodeAdminRow): LocalEpisodeView {
  return {
    id: row.id,
    contentId: row.local_content_id,
    publicId: row.public_id,
    season: row.season,
    episode: row.episode,
    title: row.title,
    description: row.description,
    streamUrl: row.stream_url,
    containerExtension: row.container_extension,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function listLocalContent({ page, pageSize, type, q: search }: Page & { type?: LocalContentType; q?: string }) {
  const { rows, total } = await q.listLocalContentRows(pageSize, (page - 1) * pageSize, { type, q: search || undefined });
  return { items: rows.map(toLocalContentView), total, page, pageSize };
}

export async function getLocalContent(id: string): Promise<LocalContentView> {
  return toLocalContentView(await findItem(id));
}

export async function createLocalContent(input: CreateLocalContentInput, createdBy: string | null): Promise<LocalContentView> {
  const id = await transaction(async () =>
    q.insertLocalContent({
      title: input.title,
      description: blankToNull(input.description),
      contentType: input.contentType,
      posterUrl: blankToNull(input.posterUrl),
      streamUrl: input.streamUrl,
      genre: uniqueGenres(input.genre),
      releaseYear: input.releaseYear ?? null,
      rating: input.rating ?? null,
      containerExtension: input.containerExtension?.toLowerCase() ?? extensionOf(input.streamUrl),
      categoryId: await categoryId(input.contentType, input.category),
      isActive: input.isActive,
      createdBy,
    }),
  );
  await bumpCatalogVersion();
  return getLocalContent(id);
}

export async function updateLocalContent(id: string, input: UpdateLocalContentInput): Promise<LocalContentView> {
  await transaction(async () => {
    const before = await findItem(id);
    const contentType = input.contentType ?? before.content_type;
    const streamUrl = input.streamUrl ?? before.stream_url;
    if (contentType === 'movie' && streamUrl === '') throw invalid({ streamUrl: MOVIE_NEEDS_URL });
    if (contentType === 'movie' && before.content_type === 'series' && before.episode_count > 0) {
      throw conflict('this series has episodes: delete them before making it a movie', { contentType: 'the series still has episodes' });
    }
    // A category belongs to one type: a changed type moves the item to the same name under the new one.
    const category = input.category !== undefined ? input.category : contentType !== before.content_type ? before.category_name : undefined;
    await q.updateLocalContentRow(id, {
      title: input.title,
      description: input.description === undefined ? undefined : blankToNull(input.description),
      contentType: input.contentType,
      posterUrl: input.posterUrl === undefined ? undefined : blankToNull(input.posterUrl),
      streamUrl: input.streamUrl,
      genre: input.genre && uniqueGenres(input.genre),
      releaseYear: input.releaseYear,
      rating: input.rating,
      containerExtension: input.containerExtension?.toLowerCase(),
      categoryId: category === undefined ? undefined : await categoryId(contentType, category),
      isActive: input.isActive,
    });
  });
  await bumpCatalogVersion();
  return getLocalContent(id);
}

export async function deleteLocalContent(id: string): Promise<void> {
  if (!(await q.deleteLocalContentRow(id))) throw notFound('local item');
  await bumpCatalogVersion();
}

export async function listLocalEpisodes(contentId: string, { page, pageSize }: Page) {
  await findSeries(contentId);
  const { rows, total } = await q.listLocalEpisodeRows(contentId, pageSize, (page - 1) * pageSize);
  return { items: rows.map(toLocalEpisodeView), total, page, pageSize };
}

export async function createLocalEpisode(contentId: string, input: CreateLocalEpisodeInput): Promise<LocalEpisodeView> {
  await findSeries(contentId);
  const row = await q
    .insertLocalEpisode(contentId, {
      season: input.season,
      episode: input.episode,
      title: input.title,
      description: blankToNull(input.description),
      streamUrl: input.streamUrl,
      containerExtension: input.containerExtension?.toLowerCase() ?? extensionOf(input.streamUrl),
    })
    .catch(rethrowDuplicateEpisode(input.season, input.episode));
  await bumpCatalogVersion();
  return toLocalEpisodeView(row);
}

export async function updateLocalEpisode(contentId: string, episodeId: string, input: UpdateLocalEpisodeInput): Promise<LocalEpisodeView> {
  const before = await q.findLocalEpisodeRow(contentId, episodeId);
  if (!before) throw notFound('episode');
  const row = await q
    .updateLocalEpisodeRow(contentId, episodeId, {
      season: input.season,
      episode: input.episode,
      title: input.title,
      description: input.description === undefined ? undefined : blankToNull(input.description),
      streamUrl: input.streamUrl,
      containerExtension: input.containerExtension?.toLowerCase(),
    })
    .catch(rethrowDuplicateEpisode(input.season ?? before.season, input.episode ?? before.episode));
  if (!row) throw notFound('episode');
  await bumpCatalogVersion();
  return toLocalEpisodeView(row);
}

export async function deleteLocalEpisode(contentId: string, episodeId: string): Promise<void> {
  if (!(await q.deleteLocalEpisodeRow(contentId, episodeId))) throw notFound('episode');
  await bumpCatalogVersion();
}

async function findItem(id: string): Promise<q.LocalContentRow> {
  const row = await q.findLocalContentRow(id);
  if (!row) throw notFound('local item');
  return row;
}

/** Episodes exist only under a series: a movie's id is not found here. */
async function findSeries(id: string): Promise<q.LocalContentRow> {
  const row = await q.findLocalContentRow(id);
  if (!row || row.content_type !== 'series') throw notFound('series');
  return row;
}

async function categoryId(type: LocalContentType, name: string | null | undefined): Promise<number | null> {
  const trimmed = name?.trim();
  return trimmed ? localCategoryId(type === 'movie' ? 'vod' : 'series', trimmed) : null;
}

// Players pick a decoder by the extension in the stream path; the URL's own is the best guess.
function extensionOf(url: string): string {
  if (!url) return 'mp4';
  const match = /\.([A-Za-z0-9]{2,5})$/.exec(new URL(url).pathname);
  return match ? match[1].toLowerCase() : 'mp4';
}

const blankToNull = (value: string | null | undefined): string | null => (value?.trim() ? value : null);

const uniqueGenres = (genres: string[]) => [...new Set(genres)];

const invalid = (fields: Record<string, string>) => {
  const [key, message] = Object.entries(fields)[0];
  return new AppError('validation_failed', `${key}: ${message}`, fields);
};

function rethrowDuplicateEpisode(season: number, episode: number) {
  return (err: unknown): never => {
    if ((err as { code?: string }).code === '23505') {
      throw conflict(`season ${season} episode ${episode} already exists`, { episode: `season ${season} episode ${episode} already exists` });
    }
    throw err;
  };
}
