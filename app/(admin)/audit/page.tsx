import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuditFilters } from '@/components/admin/audit/audit-filters';
import { AuditTable } from '@/components/admin/audit/audit-table';
import { PageHeader } from '@/components/admin/page-header';
import { Pagination } from '@/components/admin/pagination';
import { listAudit, parseAuditFilter } from '@/lib/audit/list';
import { getCurrentUser } from '@/lib/auth/current-user';
import { AppError } from '@/lib/errors';

export const metadata: Metadata = { title: 'Audit log' };
export const dynamic = 'force-dynamic';

type Search = Record<string, string | string[] | undefined>;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  const raw = await searchParams;
  const url = new URL('http://panel.local/audit');
  for (const k of ['actor', 'entity', 'page']) {
    const v = raw[k];
    if (typeof v === 'string' && v) url.searchParams.set(k, v);
  }
  let filter;
  try {
    filter = parseAuditFilter(url);
  } catch (err) {
    if (err instanceof AppError) redirect('/audit');
    throw err;
  }
  const list = await listAudit({ ...filter, pageSize: 50 });
  const pageCount = Math.max(1, Math.ceil(list.total / list.pageSize));
  return (
    <>
      <PageHeader title="Audit log" description="Every change made through the admin API: who, when, from where, and what changed (secrets masked)." />
      <div className="grid gap-3">
        <AuditFilters actors={list.facets.actors} entities={list.facets.entities} actor={filter.actor} entity={filter.entity} />
        <p className="text-sm text-muted-foreground">{list.total === 1 ? '1 change' : `${list.total} changes`}</p>
        <AuditTable items={list.items} />
        <Pagination path="/audit" page={list.page} pageCount={pageCount} query={{ actor: filter.actor, entity: filter.entity }} />
      </div>
    </>
  );
}
