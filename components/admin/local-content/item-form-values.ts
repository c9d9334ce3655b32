import type { z } from 'zod';
import type { createLocalContentSchema, createLocalEpisodeSchema, LocalContentView, LocalEpisodeView } from '@/lib/local-content/schemas';
import { ApiError } from '../api-client';

export type ItemFormValues = z.input<typeof createLocalContentSchema>;
export type EpisodeFormValues = z.input<typeof createLocalEpisodeSchema>;

export const TYPE_LABEL = { movie: 'Movie', series: 'Series' } as const;

export const ITEM_FIELDS = [
  'title',
  'description',
  'posterUrl',
  'streamUrl',
  'genre',
  'releaseYear',
  'rating',
  'contentType',
  'containerExtension',
  'category',
  'isActive',
] as const satisfies readonly (keyof ItemFormValues)[];

export const EPISODE_FIELDS = ['season', 'episode', 'title', 'streamUrl', 'containerExtension', 'description'] as const satisfies readonly (keyof EpisodeFormValues)[];

export const EMPTY_ITEM: ItemFormValues = {
  title: '',
  description: '',
  posterUrl: '',
  streamUrl: '',
  genre: [],
  releaseYear: null,
  rating: null,
  contentType: 'movie',
  containerExtension: undefined,
  category: '',
  isActive: true,
};

export function itemToFormValues(item: LocalContentView): ItemFormValues {
  return {
    title: item.title,
    description: item.description ?? '',
    posterUrl: item.posterUrl ?? '',
    streamUrl: item.streamUrl,
    genre: item.genre,
    releaseYear: item.releaseYear,
    rating: item.rating,
    contentType: item.contentType,
    containerExtension: item.containerExtension,
    category: item.category ?? '',
    isActive: item.isActive,
  };
}

export function emptyEpisode(next: { season: number; episode: number }): EpisodeFormValues {
  return { season: next.season, episode: next.episode, title: '', streamUrl: '', containerExtension: undefined, description: '' };
}

export function episodeToFormValues(e: LocalEpisodeView): EpisodeFormValues {
  return { season: e.season, episode: e.episode, title: e.title, streamUrl: e.streamUrl, containerExtension: e.containerExtension, description: e.description ?? '' };
}

/** The API's field messages ("genre.0": ...) on the form's fields; whatever has no field stays in the toast. */
export function applyFieldErrors<N extends string>(err: unknown, names: readonly N[], setError: (name: N, error: { message: string }) => void): void {
  if (!(err instanceof ApiError)) return;
  for (const [key, message] of Object.entries(err.fields)) {
    const name = names.find((n) => n === key.split('.')[0]);
    if (name) setError(name, { message });
  }
}
