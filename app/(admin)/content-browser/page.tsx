import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LibraryBigIcon, SearchXIcon } from 'lucide-react';
import { EmptyState } from '@/components/admin/empty-state';
import { PageHeader } from '@/components/admin/page-header';
import { ContentFilters } from '@/components/admin/content-browser/content-filters';
import { Pagination } from '@/components/admin/pagination';
import { ContentTable } from '@/components/admin/content-browser/content-table';
import { getCurrentUser } from '@/lib/auth/current-user';
import { listBouquetChoices } from '@/lib/curation/bouquets';
import { contentFilterSchema, FILTER_KEYS, type ContentFilter } from '@/lib/content-browser/schemas';
import { listContent, listContentCategories } from '@/lib/content-browser/service';
import { listUpstreams } from '@/lib/upstream/server-service';

export const metadata: Metadata = { title: 'Content browser' };
export const dynamic = 'force-dynamic';

const PAGE_SIZE = 50;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The URL's filters; a value that does not parse is dropped, not an error page. */
function readFilter(params: Record<string, string | string[] | undefined>): ContentFilter {
  const filter: Record<string, unknown> = {};
  for (const key of FILTER_KEYS) {
    const value = first(params[key])?.trim();
    if (!value) continue;
    const parsed = contentFilterSchema.shape[key].safeParse(value);
    if (parsed.success) filter[key] = parsed.data;
  }
  return contentFilterSchema.parse(filter);
}

export default async function ContentBrowserPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const filter = readFilter(params);
  const requested = Number(first(params.page));
  const page = Number.isInteger(requested) && requested >= 1 ? requested : 1;

  const [user, list, upstreams, categories, bouquets] = await Promise.all([
    getCurrentUser(),
    listContent({ ...filter, page, pageSize: PAGE_SIZE }),
    listUpstreams({ pageSize: 500 }),
    listContentCategories(filter),
    listBouquetChoices(),
  ]);
  if (!user) redirect('/login');
  const query: Record<string, string> = {};
  for (const key of FILTER_KEYS) if (filter[key] !== undefined && filter[key] !== '') query[key] = String(filter[key]);
  const pageCount = Math.max(1, Math.ceil(list.total / list.pageSize));
  if (page > pageCount) redirect(`/content-browser?${new URLSearchParams({ ...query, page: String(pageCount) })}`);
  const filtered = Object.keys(query).length > 0;

  return (
    <>
      <PageHeader title="Content browser" description="The unified catalog players see, across every source, with the public id of each item." />
      <div className="grid gap-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <ContentFilters
            values={{ q: filter.q ?? '', type: filter.type ?? '', source: filter.source ?? '', upstreamId: filter.upstreamId ?? '', categoryId: query.categoryId ?? '' }}
            upstreams={upstreams.items.map((u) => ({ id: u.id, name: u.name }))}
            categories={categories}
          />
          <p className="text-sm whitespace-nowrap text-muted-foreground" data-testid="content-total">
            {list.total === 1 ? '1 item' : `${list.total.toLocaleString('en-US')} items`}
            {filtered && ' found'}
          </p>
        </div>
        {list.items.length > 0 ? (
          <>
            <ContentTable items={list.items} canManage={user.role === 'admin'} bouquets={bouquets} />
            {pageCount > 1 && <Pagination path="/content-browser" page={list.page} pageCount={pageCount} query={query} />}
          </>
        ) : filtered ? (
          <EmptyState icon={SearchXIcon} title="Nothing matches these filters">
            Check the spelling, search for a shorter part of the name, or clear a filter.
          </EmptyState>
        ) : (
          <EmptyState icon={LibraryBigIcon} title="The catalog is empty">
            Add an upstream server and sync it, or add local content: every channel, movie and series shows up here with the
            public id players use.
          </EmptyState>
        )}
      </div>
    </>
  );
}
