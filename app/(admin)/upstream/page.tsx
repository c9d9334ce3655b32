import type { Metadata } from 'next';
import { ServerIcon } from 'lucide-react';
import { EmptyState } from '@/components/admin/empty-state';
import { PageHeader } from '@/components/admin/page-header';

export const metadata: Metadata = { title: 'Upstream servers' };

export default function UpstreamPage() {
  return (
    <>
      <PageHeader title="Upstream servers" description="The Xtream providers whose catalogs NeroPanel merges and relays." />
      <EmptyState icon={ServerIcon} title="No upstream servers yet">
        Add your Xtream providers, test them and sync their live channels, movies and series. Coming with the upstream
        module.
      </EmptyState>
    </>
  );
}
