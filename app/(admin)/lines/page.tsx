import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { SearchXIcon, TicketIcon } from 'lucide-react';
import { AutoRefresh } from '@/components/admin/dashboard/auto-refresh';
import { EmptyState } from '@/components/admin/empty-state';
import { PageHeader } from '@/components/admin/page-header';
import { ConnectCard } from '@/components/admin/lines/connect-card';
import { Pagination } from '@/components/admin/pagination';
import { LinesSearch } from '@/components/admin/lines/lines-search';
import { LinesView } from '@/components/admin/lines/lines-view';
import { getCurrentUser } from '@/lib/auth/current-user';
import { publicBaseUrl } from '@/lib/http/public-url';
import { listBouquetChoices } from '@/lib/curation/bouquets';
import { listLines } from '@/lib/lines/service';

export const metadata: Metadata = { title: 'Player accounts' };
export const dynamic = 'force-dynamic';

const PAGE_SIZE = 50;

type SearchParams = Promise<{ page?: string | string[]; q?: string | string[] }>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function LinesPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const requested = Number(first(params.page));
  const page = Number.isInteger(requested) && requested >= 1 ? requested : 1;
  const q = (first(params.q) ?? '').trim().slice(0, 64);

  const [user, list, serverUrl, bouquets] = await Promise.all([
    getCurrentUser(),
    listLines({ page, pageSize: PAGE_SIZE, q: q || undefined }),
    headers().then(publicBaseUrl),
    listBouquetChoices(),
  ]);
  if (!user) redirect('/login');
  const pageCount = Math.max(1, Math.ceil(list.total / list.pageSize));
  if (page > pageCount) redirect(`/lines?${new URLSearchParams({ ...(q ? { q } : {}), page: String(pageCount) })}`);
  const canManage = user.role === 'admin';

  return (
    <>
      <PageHeader
        title="Player accounts"
        description={
          canManage
            ? 'The Xtream logins your players use: connection limits, expiry and the links to hand out.'
            : 'The Xtream logins your players use. Only admins can add or change accounts and see passwords.'
        }
      />
      {/* Live connection counts: a refresh when a stream opens or closes, and every 15 s for last seen. */}
      <AutoRefresh everyMs={15_000} />
      <ConnectCard serverUrl={serverUrl} />
      <LinesView
        lines={list.items}
        bouquets={bouquets}
        canManage={canManage}
        toolbar={
          list.total > 0 || q ? (
            <div className="flex items-center gap-3">
              <LinesSearch q={q} />
              <p className="hidden text-sm whitespace-nowrap text-muted-foreground sm:block">
                {list.total === 1 ? '1 account' : `${list.total} accounts`}
                {q && ' found'}
              </p>
            </div>
          ) : null
        }
        empty={
          q ? (
            <EmptyState icon={SearchXIcon} title={`No account matches “${q}”`}>
              Check the spelling, or search for a shorter part of the username.
            </EmptyState>
          ) : (
            <EmptyState icon={TicketIcon} title="No player accounts yet">
              {canManage
                ? 'Add an account for each person who watches: you get a username, a password and the playlist and EPG links to give them.'
                : 'An admin adds an account for each person who watches.'}
            </EmptyState>
          )
        }
        footer={pageCount > 1 ? <Pagination path="/lines" page={list.page} pageCount={pageCount} query={{ q }} /> : null}
      />
    </>
  );
}
