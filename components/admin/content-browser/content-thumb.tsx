'use client';

import { useState } from 'react';
import { FilmIcon, TvIcon, type LucideIcon } from 'lucide-react';
import { thumbnailSrc } from '@/lib/artwork/thumbnail';
import { cn } from '@/lib/utils';

const FALLBACK: Record<'live' | 'movie' | 'series', LucideIcon> = { live: TvIcon, movie: FilmIcon, series: FilmIcon };

/** The item's icon or poster as a small thumbnail, loaded lazily; a type icon when it has none or it fails to load. */
export function ContentThumb({ src, type, className }: { src: string | null; type: 'live' | 'movie' | 'series'; className?: string }) {
  const [failed, setFailed] = useState(false);
  const Icon = FALLBACK[type];
  return (
    <span className={cn('flex size-9 shrink-0 items-center justify-center overflow-hidden rounded-md border bg-muted', className)}>
      {src && !failed ? (
        // Provider icons come from any host: next/image would need every host listed in next.config.js.
        // eslint-disable-next-line @next/next/no-img-element
        <img src={thumbnailSrc(src, 96)} alt="" loading="lazy" decoding="async" referrerPolicy="no-referrer" className="size-full object-contain" onError={() => setFailed(true)} />
      ) : (
        <Icon className="size-4 text-muted-foreground" aria-hidden data-testid="thumb-fallback" />
      )}
    </span>
  );
}
