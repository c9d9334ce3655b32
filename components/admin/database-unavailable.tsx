import { DatabaseZapIcon } from 'lucide-react';
import { EmptyState } from '@/components/admin/empty-state';

/** What an admin page shows while the database does not answer, instead of an error page. */
export function DatabaseUnavailable({ action }: { action?: React.ReactNode }) {
  return (
    <div className="grid gap-6" data-testid="database-unavailable">
      <h1 className="text-xl font-semibold tracking-tight md:text-2xl">Database unavailable</h1>
      <EmptyState icon={DatabaseZapIcon} title="The database is not answering" action={action}>
        Players keep watching and cached lists keep being served meanwhile. This page loads again once the database is back.
      </EmptyState>
    </div>
  );
}
