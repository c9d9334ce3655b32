import Link from 'next/link';
import { ChevronLeftIcon, ChevronRightIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';

/** Prev / next links of a list page (`path`) that keep every filter of the current view (`query`). */
export function Pagination({ path, page, pageCount, query = {} }: { path: string; page: number; pageCount: number; query?: Record<string, string | undefined> }) {
  const href = (p: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v && k !== 'page') params.set(k, v);
    if (p > 1) params.set('page', String(p));
    const qs = params.toString();
    return qs ? `${path}?${qs}` : path;
  };
  return (
    <nav aria-label="Pagination" className="flex items-center justify-end gap-2">
      <span className="mr-1 text-sm text-muted-foreground tabular-nums" data-testid="page-position">
        Page {page} of {pageCount}
      </span>
      <PageLink href={page > 1 ? href(page - 1) : null} label="Previous page">
        <ChevronLeftIcon /> Previous
      </PageLink>
      <PageLink href={page < pageCount ? href(page + 1) : null} label="Next page">
        Next <ChevronRightIcon />
      </PageLink>
    </nav>
  );
}

function PageLink({ href, label, children }: { href: string | null; label: string; children: React.ReactNode }) {
  if (!href) {
    return (
      <Button variant="outline" size="sm" disabled aria-label={label}>
        {children}
      </Button>
    );
  }
  return (
    <Button variant="outline" size="sm" asChild>
      <Link href={href} aria-label={label} scroll={false}>
        {children}
      </Link>
    </Button>
  );
}
