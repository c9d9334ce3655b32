import type { Metadata } from 'next';
import Link from 'next/link';
import { ClapperboardIcon, FilmIcon, RadioTowerIcon, ServerIcon, TicketIcon, type LucideIcon } from 'lucide-react';
import { AlertsList } from '@/components/admin/dashboard/alerts-list';
import { AutoRefresh } from '@/components/admin/dashboard/auto-refresh';
import { GettingStarted } from '@/components/admin/dashboard/getting-started';
import { TrafficCharts } from '@/components/admin/dashboard/traffic-charts';
import { UpstreamHealthCards } from '@/components/admin/dashboard/upstream-health';
import { WatchingNow } from '@/components/admin/dashboard/watching-now';
import { PageHeader } from '@/components/admin/page-header';
import { Card } from '@/components/ui/card';
import { getCurrentUser } from '@/lib/auth/current-user';
import { dashboardOverview } from '@/lib/dashboard/overview';
import { panelStats } from '@/lib/dashboard/stats';

export const metadata: Metadata = { title: 'Dashboard' };
export const dynamic = 'force-dynamic';

const number = new Intl.NumberFormat('en');
const REFRESH_MS = 5_000;
export default async function DashboardPage() {
  const [s, overview, user] = await Promise.all([panelStats(), dashboardOverview(), getCurrentUser()]);
  const upstreamNames = Object.fromEntries(overview.upstreams.map((u) => [u.id, u.name]));
  const stats: { label: string; value: string; hint?: string; icon: LucideIcon; href: string }[] = [
    { label: 'Upstream servers', value: number.format(s.upstreams.active), hint: s.upstreams.failing ? `${s.upstreams.failing} with sync errors` : `${s.upstreams.total} in all`, icon: ServerIcon, href: '/upstream' },
    { label: 'Live channels', value: number.format(s.items.live), icon: RadioTowerIcon, href: '/content-browser' },
    { label: 'Movies', value: number.format(s.items.movie), hint: s.items.bySource.local.movie ? `${s.items.bySource.local.movie} local` : undefined, icon: FilmIcon, href: '/content-browser' },
    { label: 'Series', value: number.format(s.items.series), hint: s.items.bySource.local.series ? `${s.items.bySource.local.series} local` : undefined, icon: ClapperboardIcon, href: '/content-browser' },
    { label: 'Player accounts', value: number.format(s.lines.active), hint: `${s.connections.viewers} watching now`, icon: TicketIcon, href: '/lines' },
  ];
  return (
    <>
      <PageHeader title="Dashboard" description="An overview of your panel." />
      <AutoRefresh everyMs={REFRESH_MS} />
      <AlertsList alerts={overview.alerts} />

      <section aria-label="Totals" className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        {stats.map(({ label, value, hint, icon: Icon, href }) => (
          <Link
            key={label}
            href={href}
            className="group rounded-lg outline-none focus-visible:ring-2 focus-visible:ring-ring"
          >
            <Card className="h-full p-4 transition-colors group-hover:border-foreground/20">
              <div className="flex items-center justify-between gap-2 text-muted-foreground">
                <span className="truncate text-xs font-medium">{label}</span>
                <Icon className="size-4 shrink-0" aria-hidden />
              </div>
              <div className="mt-2 text-2xl font-semibold tabular-nums" data-testid={`stat-${label.toLowerCase().replace(/\s+/g, '-')}`}>
                {value}
              </div>
              {hint ? <div className="mt-0.5 truncate text-xs text-muted-foreground">{hint}</div> : null}
            </Card>
          </Link>
        ))}
      </section>

      <UpstreamHealthCards upstreams={overview.upstreams} />
      <WatchingNow viewers={overview.viewers} upstreamNames={upstreamNames} canAct={user?.role === 'admin'} />
      <TrafficCharts />

      <GettingStarted done={overview.steps} />
    </>
  );
}
