import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { PageHeader } from '@/components/admin/page-header';
import { activeJobsOf } from '@/components/admin/upstream/sync-job';
import { UpstreamList } from '@/components/admin/upstream/upstream-list';
import type { UpstreamGuide } from '@/components/admin/upstream/upstream-card';
import { getCurrentUser } from '@/lib/auth/current-user';
import { listSources } from '@/lib/epg/sources';
import { listSyncJobs } from '@/lib/sync/jobs';
import { listUpstreams } from '@/lib/upstream/server-service';

export const metadata: Metadata = { title: 'Upstream servers' };
export const dynamic = 'force-dynamic';

// A panel has a handful of providers; more than this is shown as "the first N".
const PAGE_SIZE = 200;

export default async function UpstreamPage() {
  const [user, list, jobs, sources] = await Promise.all([
    getCurrentUser(),
    listUpstreams({ pageSize: PAGE_SIZE }),
    listSyncJobs({ pageSize: 50 }),
    listSources(),
  ]);
  if (!user) redirect('/login');
  const canManage = user.role === 'admin';
  // Each upstream's own guide is a guide source of its own (refreshed with its sync).
  const guides: Record<string, UpstreamGuide> = {};
  for (const s of sources.items) if (s.upstreamId) guides[s.upstreamId] = { programmes: s.programmes, channels: s.channels, lastRefreshAt: s.lastRefreshAt };

  return (
    <>
      <PageHeader
        title="Upstream servers"
        description={
          canManage
            ? 'The Xtream providers whose catalogs NeroPanel syncs, merges and relays.'
            : 'The Xtream providers whose catalogs NeroPanel syncs, merges and relays. Only admins can change them.'
        }
      />
      <UpstreamList upstreams={list.items} total={list.total} canManage={canManage} activeJobs={activeJobsOf(jobs.items)} guides={guides} />
    </>
  );
}
