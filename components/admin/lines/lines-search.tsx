import Form from 'next/form';
import Link from 'next/link';
import { SearchIcon, XIcon } from 'lucide-react';
import { Input } from '@/components/ui/input';

/** `?q=` by username; a GET form, so the search is a plain URL that survives a reload. */
export function LinesSearch({ q }: { q: string }) {
  return (
    <Form action="/lines" className="relative w-full max-w-xs" role="search">
      <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
      <Input
        type="search"
        name="q"
        defaultValue={q}
        maxLength={64}
        placeholder="Search usernames"
        aria-label="Search player accounts by username"
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        className="pr-8 pl-8"
        data-testid="lines-search"
      />
      {q && (
        <Link
          href="/lines"
          aria-label="Clear search"
          className="absolute top-1/2 right-2 -translate-y-1/2 rounded-sm text-muted-foreground hover:text-foreground"
        >
          <XIcon className="size-4" />
        </Link>
      )}
    </Form>
  );
}
