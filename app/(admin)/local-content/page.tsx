import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { FolderOpenIcon, SearchXIcon } from 'lucide-react';
import { EmptyState } from '@/components/admin/empty-state';
import { PageHeader } from '@/components/admin/page-header';
import { LocalContentFilters, localContentHref } from '@/components/admin/local-content/content-filters';
import { Pagination } from '@/components/admin/pagination';
import { LocalContentView } from '@/components/admin/local-content/local-content-view';
import { getCurrentUser } from '@/lib/auth/current-user';
import { localContentTypeSchema } from '@/lib/local-content/schemas';
import { listLocalContent } from '@/lib/local-content/service';

export const metadata: Metadata = { title: 'Local content' };
export const dynamic = 'force-dynamic';

const PAGE_SIZE = 50;

type SearchParams = Promise<{ page?: string | string[]; q?: string | string[]; type?: string | string[] }>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function LocalContentPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const requested = Number(first(params.page));
  const page = Number.isInteger(requested) && requested >= 1 ? requested : 1;
  const q = (first(params.q) ?? '').trim().slice(0, 100);
  const type = localContentTypeSchema.safeParse(first(params.type)).data;

  const [user, list] = await Promise.all([getCurrentUser(), listLocalContent({ page, pageSize: PAGE_SIZE, q: q || undefined, type })]);
  if (!user) redirect('/login');
  const pageCount = Math.max(1, Math.ceil(list.total / list.pageSize));
  if (page > pageCount) redirect(localContentHref({ q, type, page: pageCount }));
  const canManage = user.role === 'admin';
  const filtered = Boolean(q || type);

  return (
    <>
      <PageHeader
        title="Local content"
        description={
          canManage
            ? 'Movies and series you host yourself, served beside the upstream catalog from their own URLs.'
            : 'Movies and series hosted by this panel. Only admins can add or change them.'
        }
      />
      <LocalContentView
        items={list.items}
        canManage={canManage}
        toolbar={list.total > 0 || filtered ? <LocalContentFilters q={q} type={type} /> : null}
        empty={
          filtered ? (
            <EmptyState icon={SearchXIcon} title={q ? `Nothing matches “${q}”` : 'Nothing of this type yet'}>
              Check the spelling, search for a shorter part of the title, or show all types.
            </EmptyState>
          ) : (
            <EmptyState icon={FolderOpenIcon} title="No local content yet">
              {canManage
                ? 'Add a movie with its stream URL, or a series and then its episodes: players see them in the same catalog as upstream content.'
                : 'An admin adds movies and series with their stream URLs; players see them beside upstream content.'}
            </EmptyState>
          )
        }
        footer={pageCount > 1 ? <Pagination path="/local-content" page={list.page} pageCount={pageCount} query={{ q, type }} /> : null}
      />
    </>
  );
}
