import Link from 'next/link';
import { ChevronLeftIcon, ChevronRightIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';

/** Prev / next links that keep the search. */
export function LinesPagination({ page, pageCount, q }: { page: number; pageCount: number; q: string }) {
  const href = (p: number) => {
    const params = new URLSearchParams();
    if (q) params.set('q', q);
    if (p > 1) params.set('page', String(p));
    const query = params.toString();
    return query ? `/lines?${query}` : '/lines';
  };
  return (
    <nav aria-label="Pagination" className="flex items-center justify-end gap-2">
      <span className="mr-1 text-sm text-muted-foreground tabular-nums">
        Page {page} of {pageCount}
      </span>
      <PageLink href={page > 1 ? href(page - 1) : null} label="Previous page">
        <ChevronLeftIcon /> Prev
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
      <Link href={href} aria-label={label}>
        {children}
      </Link>
    </Button>
  );
}
