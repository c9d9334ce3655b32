'use client';

import { useEffect, useState, useTransition } from 'react';
import { useRouter, useSearchParams } from 'next/navigation';
import { LoaderCircleIcon, SearchIcon } from 'lucide-react';
import { Input } from '@/components/ui/input';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import type { ContentCategoryView } from '@/lib/content-browser/schemas';

const ALL = 'all';
const SEARCH_DELAY_MS = 300;

export interface FilterValues {
  q: string;
  type: string;
  source: string;
  upstreamId: string;
  categoryId: string;
}

interface ContentFiltersProps {
  values: FilterValues;
  upstreams: { id: string; name: string }[];
  /** The categories of the chosen type (and upstream or source); empty until a type is chosen. */
  categories: ContentCategoryView[];
}

/** Search and filters, kept in the URL (shareable, survives a reload); the server renders the results. */
export function ContentFilters({ values, upstreams, categories }: ContentFiltersProps) {
  const router = useRouter();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [q, setQ] = useState(values.q);
  // Back/forward or a shared link changes the URL's q: the box follows it (unless it already shows it).
  const [urlQ, setUrlQ] = useState(values.q);
  if (values.q !== urlQ) {
    setUrlQ(values.q);
    if (values.q !== q.trim()) setQ(values.q);
  }

  function navigate(changes: Partial<FilterValues>) {
    const next = new URLSearchParams(params?.toString() ?? '');
    for (const [key, value] of Object.entries(changes)) {
      if (value && value !== ALL) next.set(key, value);
      else next.delete(key);
    }
    // A narrower category list no longer holds the chosen category; any change starts at page 1.
    if ('type' in changes || 'source' in changes || 'upstreamId' in changes) next.delete('categoryId');
    next.delete('page');
    const query = next.toString();
    startTransition(() => router.replace(query ? `/content-browser?${query}` : '/content-browser', { scroll: false }));
  }

  // Debounced search: one navigation once typing pauses.
  useEffect(() => {
    const value = q.trim();
    if (value === values.q) return;
    const timer = setTimeout(() => navigate({ q: value }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- navigate reads the current URL; only the text restarts the timer
  }, [q, values.q]);

  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="content-filters">
      <div className="relative w-full sm:w-72" role="search">
        <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
        <Input
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          maxLength={100}
          placeholder="Search by name"
          aria-label="Search the catalog by name"
          autoComplete="off"
          spellCheck={false}
          className="pr-8 pl-8"
          data-testid="content-search"
        />
        {pending && (
          <LoaderCircleIcon className="absolute top-1/2 right-2.5 size-4 -translate-y-1/2 animate-spin text-muted-foreground" aria-label="Loading" />
        )}
      </div>
      <FilterSelect
        label="Type"
        value={values.type}
        onChange={(type) => navigate({ type })}
        options={[
          { value: 'live', label: 'Live channels' },
          { value: 'movie', label: 'Movies' },
          { value: 'series', label: 'Series' },
        ]}
        allLabel="All types"
        testId="filter-type"
      />
      <FilterSelect
        label="Source"
        value={values.source}
        onChange={(source) => navigate({ source, ...(source === 'local' ? { upstreamId: '' } : {}) })}
        options={[
          { value: 'upstream', label: 'Upstream' },
          { value: 'local', label: 'Local' },
        ]}
        allLabel="All sources"
        testId="filter-source"
      />
      {upstreams.length > 0 && values.source !== 'local' && (
        <FilterSelect
          label="Upstream"
          value={values.upstreamId}
          onChange={(upstreamId) => navigate({ upstreamId })}
          options={upstreams.map((u) => ({ value: u.id, label: u.name }))}
          allLabel="All upstreams"
          testId="filter-upstream"
        />
      )}
      {categories.length > 0 && (
        <FilterSelect
          label="Category"
          value={values.categoryId}
          onChange={(categoryId) => navigate({ categoryId })}
          options={categories.map((c) => ({ value: String(c.id), label: c.name }))}
          allLabel="All categories"
          testId="filter-category"
        />
      )}
    </div>
  );
}

interface FilterSelectProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
  allLabel: string;
  testId: string;
}

function FilterSelect({ label, value, onChange, options, allLabel, testId }: FilterSelectProps) {
  return (
    <Select value={value || ALL} onValueChange={onChange}>
      <SelectTrigger className="w-full sm:w-auto sm:min-w-36" aria-label={label} data-testid={testId}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        <SelectItem value={ALL}>{allLabel}</SelectItem>
        {options.map((o) => (
          <SelectItem key={o.value} value={o.value}>
            {o.label}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
