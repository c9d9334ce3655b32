import Form from 'next/form';
import Link from 'next/link';
import { SearchIcon } from 'lucide-react';
import { Input } from '@/components/ui/input';
import type { LocalContentType } from '@/lib/local-content/schemas';
import { cn } from '@/lib/utils';

export interface LocalContentQuery {
  q: string;
  type?: LocalContentType;
  page?: number;
}

/** The page's URL for a search, type and page: plain links, so a filter survives a reload. */
export function localContentHref({ q, type, page }: LocalContentQuery): string {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (type) params.set('type', type);
  if (page && page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/local-content?${query}` : '/local-content';
}

const TYPES = [
  { value: undefined, label: 'All' },
  { value: 'movie', label: 'Movies' },
  { value: 'series', label: 'Series' },
] as const;

/** Search by title (a GET form that keeps the type) and the type filter. */
export function LocalContentFilters({ q, type }: LocalContentQuery) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Form action="/local-content" className="relative w-full max-w-xs" role="search">
        <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
        <Input type="search" name="q" defaultValue={q} maxLength={100} placeholder="Search titles" aria-label="Search local content by title" autoComplete="off" className="pl-8" data-testid="local-content-search" />
        {type && <input type="hidden" name="type" value={type} />}
      </Form>
      <nav aria-label="Type" className="inline-flex rounded-md border p-0.5" data-testid="local-content-type-filter">
        {TYPES.map((t) => (
          <Link
            key={t.label}
            href={localContentHref({ q, type: t.value })}
            aria-current={type === t.value ? 'page' : undefined}
            className={cn('rounded-sm px-3 py-1 text-sm text-muted-foreground hover:text-foreground', type === t.value && 'bg-muted font-medium text-foreground')}
          >
            {t.label}
          </Link>
        ))}
      </nav>
    </div>
  );
}
