import type { Metadata } from 'next';
import Link from 'next/link';
import { ClapperboardIcon, FilmIcon, RadioTowerIcon, ServerIcon, TicketIcon, type LucideIcon } from 'lucide-react';
import { PageHeader } from '@/components/admin/page-header';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { panelStats } from '@/lib/dashboard/stats';

export const metadata: Metadata = { title: 'Dashboard' };
export const dynamic = 'force-dynamic';

const number = new Intl.NumberFormat('en');
const steps: { title: string; text: string; href: string }[] = [
  { title: 'Add an upstream server', text: 'Enter the URL and credentials of an Xtream provider and test the connection.', href: '/upstream' },
  { title: 'Sync its content', text: 'Pull its live channels, movies and series into the panel catalog.', href: '/upstream' },
  { title: 'Create a player account', text: 'Give each player its own login, connection limit and expiry date.', href: '/lines' },
  {
    title: 'Point a player at the panel',
    text: 'Use this panel’s address with the player account in any Xtream-compatible app.',
    href: '/lines',
  },
];

export default async function DashboardPage() {
  const s = await panelStats();
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

      <Card className="mt-6">
        <CardHeader>
          <CardTitle className="text-base">Getting started</CardTitle>
          <CardDescription>Four steps from an empty panel to a player watching through it.</CardDescription>
        </CardHeader>
        <CardContent>
          <ol className="grid gap-px overflow-hidden rounded-md border bg-border">
            {steps.map((step, index) => (
              <li key={step.title} className="bg-card">
                <Link
                  href={step.href}
                  className="flex items-start gap-3 px-4 py-3 transition-colors outline-none hover:bg-muted/50 focus-visible:bg-muted/50"
                >
                  <span className="flex size-6 shrink-0 items-center justify-center rounded-full border bg-background text-xs font-semibold tabular-nums">
                    {index + 1}
                  </span>
                  <span className="min-w-0">
                    <span className="block text-sm font-medium">{step.title}</span>
                    <span className="block text-sm text-muted-foreground">{step.text}</span>
                  </span>
                </Link>
              </li>
            ))}
          </ol>
        </CardContent>
      </Card>
    </>
  );
}
