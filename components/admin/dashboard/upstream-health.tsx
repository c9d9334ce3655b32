import Link from 'next/link';
import { CircleAlertIcon, CircleCheckIcon, CircleDashedIcon, CirclePauseIcon } from 'lucide-react';
import { RelativeTime } from '@/components/admin/date-time';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { cn } from '@/lib/utils';
import type { UpstreamHealth } from '@/lib/dashboard/overview';
import { DashboardSection } from './dashboard-section';

const number = new Intl.NumberFormat('en');

const HEALTH = {
  ok: { label: 'Healthy', icon: CircleCheckIcon, variant: 'success' },
  failing: { label: 'Failing', icon: CircleAlertIcon, variant: 'destructive' },
  unknown: { label: 'Not checked yet', icon: CircleDashedIcon, variant: 'muted' },
  disabled: { label: 'Disabled', icon: CirclePauseIcon, variant: 'muted' },
} as const;

function Expiry({ days, at }: { days: number | null; at: string | null }) {
  if (!at || days === null) return <span>No expiry known</span>;
  if (days < 0) return <span className="font-medium text-destructive">Expired</span>;
  return <span className={cn(days < 7 && 'font-medium text-amber-700 dark:text-amber-400')}>{days === 0 ? 'Expires today' : `Expires in ${days} day${days === 1 ? '' : 's'}`}</span>;
}

/** One card per upstream: health (the failing one in red, with its error), expiry, slots, syncs, guide. */
export function UpstreamHealthCards({ upstreams }: { upstreams: UpstreamHealth[] }) {
  if (upstreams.length === 0) return null;
  return (
    <DashboardSection id="upstreams" title="Upstreams" headingClassName="mb-3 text-base font-semibold">
      <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
        {upstreams.map((u) => {
          const h = HEALTH[u.health];
          return (
            <li key={u.id}>
              <Card
                className={cn('h-full gap-2 p-4', u.health === 'failing' && 'border-destructive/60 bg-destructive/5')}
                data-testid="upstream-health"
                data-health={u.health}
                data-name={u.name}
              >
                <div className="flex items-start justify-between gap-2">
                  <Link href="/upstream" className="min-w-0 truncate font-medium underline-offset-4 hover:underline">
                    {u.name}
                  </Link>
                  <Badge variant={h.variant}>
                    <h.icon aria-hidden />
                    {h.label}
                  </Badge>
                </div>
                {u.error ? (
                  <p className="text-sm break-words text-destructive" data-testid="upstream-error">
                    {u.error}
                  </p>
                ) : null}
                <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                  <dt className="text-muted-foreground">Account</dt>
                  <dd>
                    <Expiry days={u.expiresInDays} at={u.expiresAt} />
                  </dd>
                  <dt className="text-muted-foreground">Slots</dt>
                  <dd className="tabular-nums" data-testid="upstream-slots">
                    {u.slots.used} / {u.slots.max ?? '∞'} in use
                  </dd>
                  <dt className="text-muted-foreground">Last sync</dt>
                  <dd>
                    <RelativeTime value={u.lastSyncAt} />
                    {u.lastSyncStatus && u.lastSyncStatus !== 'succeeded' ? ` (${u.lastSyncStatus})` : ''}
                  </dd>
                  <dt className="text-muted-foreground">Next sync</dt>
                  <dd>{u.nextSyncAt ? <RelativeTime value={u.nextSyncAt} /> : 'Manual only'}</dd>
                  <dt className="text-muted-foreground">Content</dt>
                  <dd className="tabular-nums">
                    {number.format(u.counts.live)} live · {number.format(u.counts.movie)} movies · {number.format(u.counts.series)} series
                  </dd>
                  <dt className="text-muted-foreground">Guide</dt>
                  <dd className="tabular-nums">{u.guide.programmes ? `${number.format(u.guide.programmes)} programmes` : 'No programmes'}</dd>
                </dl>
              </Card>
            </li>
          );
        })}
      </ul>
    </DashboardSection>
  );
}
