import Link from 'next/link';
import { CircleAlertIcon, TriangleAlertIcon } from 'lucide-react';
import type { DashboardAlert } from '@/lib/dashboard/overview';
import { cn } from '@/lib/utils';
import { DashboardSection } from './dashboard-section';

/** What needs the admin now: failing or expiring upstreams, failed syncs, stale guides. */
export function AlertsList({ alerts }: { alerts: DashboardAlert[] }) {
  if (alerts.length === 0) return null;
  return (
    <DashboardSection id="alerts" title="Alerts" headingClassName="sr-only">
      <ul className="grid gap-2" data-testid="alerts">
        {alerts.map((a) => {
          const Icon = a.level === 'error' ? CircleAlertIcon : TriangleAlertIcon;
          return (
            <li key={a.text}>
              <Link
                href={a.href}
                data-testid="alert"
                data-level={a.level}
                className={cn(
                  'flex items-start gap-2 rounded-md border px-3 py-2 text-sm break-words',
                  a.level === 'error'
                    ? 'border-destructive/50 bg-destructive/5 text-destructive'
                    : 'border-amber-500/50 bg-amber-500/5 text-amber-800 dark:text-amber-300',
                )}
              >
                <Icon aria-hidden className="mt-0.5 size-4 shrink-0" />
                <span className="min-w-0">{a.text}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </DashboardSection>
  );
}
