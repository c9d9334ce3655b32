import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { RouteIcon } from 'lucide-react';
import { EmptyState } from '@/components/admin/empty-state';
import { PageHeader } from '@/components/admin/page-header';
import { ResolveBox } from '@/components/admin/routing-rules/resolve-box';
import { MODE_HELP, MODE_LABEL } from '@/components/admin/routing-rules/rule-labels';
import { RulesView } from '@/components/admin/routing-rules/rules-view';
import { Card, CardContent } from '@/components/ui/card';
import { getCurrentUser } from '@/lib/auth/current-user';
import { listRoutingRules } from '@/lib/routing/rules';
import { routingTypeSchema } from '@/lib/routing/schemas';
import { listUpstreams } from '@/lib/upstream/server-service';

export const metadata: Metadata = { title: 'Routing rules' };
export const dynamic = 'force-dynamic';

// Rules are few (each one is tested on every stream request); the page shows them all.
const MAX_RULES = 500;

export default async function RoutingRulesPage() {
  const [user, rules, upstreams] = await Promise.all([getCurrentUser(), listRoutingRules({ pageSize: MAX_RULES }), listUpstreams({ pageSize: 200 })]);
  if (!user) redirect('/login');
  const canManage = user.role === 'admin';

  return (
    <>
      <PageHeader
        title="Routing rules"
        description={
          canManage
            ? 'How each stream reaches a player. The highest-priority matching rule decides; without one, upstream content is proxied and local content direct.'
            : 'How each stream reaches a player. Only admins can change the rules.'
        }
      />
      <div className="grid gap-6">
        <Card className="py-4">
          <CardContent>
            <dl className="grid gap-2 text-sm" data-testid="mode-legend">
              {routingTypeSchema.options.map((mode) => (
                <div key={mode} className="grid gap-x-3 sm:grid-cols-[6rem_1fr]">
                  <dt className="font-medium">{MODE_LABEL[mode]}</dt>
                  <dd className="text-muted-foreground">{MODE_HELP[mode]}</dd>
                </div>
              ))}
            </dl>
          </CardContent>
        </Card>
        <RulesView
          rules={rules.items}
          upstreams={upstreams.items.map((u) => ({ id: u.id, name: u.name }))}
          canManage={canManage}
          empty={
            <EmptyState icon={RouteIcon} title="No routing rules yet">
              {canManage
                ? 'Every stream uses the default: upstream content is proxied with failover to copies on other upstreams, local content plays from its own URL. Add a rule to redirect a category, prefer an upstream or switch failover off.'
                : 'Every stream uses the default: upstream content is proxied, local content plays from its own URL.'}
            </EmptyState>
          }
        />
        <ResolveBox />
      </div>
    </>
  );
}
