import type { Metadata } from 'next';
import { RouteIcon } from 'lucide-react';
import { EmptyState } from '@/components/admin/empty-state';
import { PageHeader } from '@/components/admin/page-header';

export const metadata: Metadata = { title: 'Routing rules' };

export default function RoutingRulesPage() {
  return (
    <>
      <PageHeader title="Routing rules" description="How each stream reaches a player: proxied, redirected or direct." />
      <EmptyState icon={RouteIcon} title="No routing rules yet">
        Decide per channel, category or upstream whether streams are proxied through the panel, redirected or played
        directly, with failover between upstreams. Coming with the routing module.
      </EmptyState>
    </>
  );
}
