import type { Metadata } from 'next';
import { TicketIcon } from 'lucide-react';
import { EmptyState } from '@/components/admin/empty-state';
import { PageHeader } from '@/components/admin/page-header';

export const metadata: Metadata = { title: 'Player accounts' };

export default function LinesPage() {
  return (
    <>
      <PageHeader title="Player accounts" description="The Xtream logins your players use to reach the panel." />
      <EmptyState icon={TicketIcon} title="No player accounts yet">
        Create accounts for your players with connection limits and expiry dates, then copy their playlist and EPG links.
        Coming with the player accounts module.
      </EmptyState>
    </>
  );
}
