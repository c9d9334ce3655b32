import type { ContentType } from '@/lib/content-browser/schemas';

export const TYPE_LABEL: Record<ContentType, string> = { live: 'Live', movie: 'Movie', series: 'Series' };
