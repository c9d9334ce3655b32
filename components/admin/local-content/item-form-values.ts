import type { z } from 'zod';
import type { createLocalContentSchema, createLocalEpisodeSchema, LocalContentView, LocalEpisodeView } from '@/lib/local-content/schemas';
import { fieldNamesOf } from '../form/use-api-form';

export type ItemFormValues = z.input<typeof createLocalContentSchema>;
export type EpisodeFormValues = z.input<typeof createLocalEpisodeSchema>;

export const TYPE_LABEL = { movie: 'Movie', series: 'Series' } as const;

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

export const ITEM_FIELDS = fieldNamesOf(EMPTY_ITEM);
export const EPISODE_FIELDS = fieldNamesOf(emptyEpisode({ season: 1, episode: 1 }));

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

export const episodeCode = (e: { season: number; episode: number }) => `S${String(e.season).padStart(2, '0')}E${String(e.episode).padStart(2, '0')}`;
