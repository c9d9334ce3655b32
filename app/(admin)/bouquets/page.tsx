import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LayersIcon } from 'lucide-react';
import { EmptyState } from '@/components/admin/empty-state';
import { PageHeader } from '@/components/admin/page-header';
import { BouquetsView } from '@/components/admin/bouquets/bouquets-view';
import { getCurrentUser } from '@/lib/auth/current-user';
import { listBouquets } from '@/lib/curation/bouquets';
import { listLines } from '@/lib/lines/service';

export const metadata: Metadata = { title: 'Bouquets' };
export const dynamic = 'force-dynamic';

export default async function BouquetsPage() {
  const [user, bouquets, lines] = await Promise.all([getCurrentUser(), listBouquets({ pageSize: 500 }), listLines({ pageSize: 500 })]);
  if (!user) redirect('/login');
  const canManage = user.role === 'admin';
  return (
    <>
      <PageHeader
        title="Bouquets"
        description="Named, ordered selections of categories. A player account with bouquets sees only them, in its order; one without sees the whole catalog."
      />
      <BouquetsView
        bouquets={bouquets.items}
        lines={lines.items.map((l) => ({ id: l.id, username: l.username, bouquetIds: l.bouquetIds }))}
        canManage={canManage}
        empty={
          <EmptyState icon={LayersIcon} title="No bouquets yet">
            {canManage
              ? 'Make one per package you offer (say “Sports” or “Kids”), tick its categories, then pick it on a player account.'
              : 'An admin makes bouquets and picks them on player accounts.'}
          </EmptyState>
        }
      />
    </>
  );
}
