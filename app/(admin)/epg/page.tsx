import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { PageHeader } from '@/components/admin/page-header';
import { GuideSources } from '@/components/admin/epg/guide-sources';
import { ChannelMappings } from '@/components/admin/epg/channel-mappings';
import { getCurrentUser } from '@/lib/auth/current-user';
import { listSources } from '@/lib/epg/sources';

export const metadata: Metadata = { title: 'Guide' };
export const dynamic = 'force-dynamic';

export default async function GuidePage() {
  const [user, sources] = await Promise.all([getCurrentUser(), listSources()]);
  if (!user) redirect('/login');
  const canManage = user.role === 'admin';
  return (
    <>
      <PageHeader
        title="Guide"
        description="Where each channel's programme guide comes from: XMLTV sources (each provider's own guide is one), matched by guide id, then by name. A pin, a dummy guide or an offset you set is never changed by auto-match."
      />
      <div className="grid gap-8">
        <GuideSources sources={sources.items} canManage={canManage} />
        <ChannelMappings sources={sources.items} canManage={canManage} />
      </div>
    </>
  );
}
