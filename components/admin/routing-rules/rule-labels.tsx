import { Badge } from '@/components/ui/badge';
import type { ContentSource, RoutingRuleView, RoutingType } from '@/lib/routing/schemas';

export interface UpstreamOption {
  id: string;
  name: string;
}

export const MODE_LABEL: Record<RoutingType, string> = { proxy: 'Proxy', redirect: 'Redirect', direct: 'Direct' };
export const SOURCE_LABEL: Record<ContentSource, string> = { any: 'Any content', upstream: 'Upstream', local: 'Local' };
export const STREAM_TYPE_LABEL = { live: 'Live', movie: 'Movies', series: 'Series' } as const;

/** What each mode does, in one line (the page's legend and the form's hints). */
export const MODE_HELP: Record<RoutingType, string> = {
  proxy: 'The panel relays the bytes: players never see the provider, connections are counted, failover between upstreams.',
  redirect: 'The player is sent (302) to the upstream URL: no load on the panel, but the player sees the provider address.',
  direct: 'Local content plays from its own URL; on upstream content it acts as Redirect.',
};

const MODE_VARIANT = { proxy: 'soft', redirect: 'warning', direct: 'success' } as const;

export function ModeBadge({ mode }: { mode: RoutingType }) {
  return (
    <Badge variant={MODE_VARIANT[mode]} data-testid="mode-badge">
      {MODE_LABEL[mode]}
    </Badge>
  );
}

/** "Movies · category News · name *sport*": the fields a rule matches on, or "Everything". */
export function matchSummary(rule: Pick<RoutingRuleView, 'match'>, upstreams: UpstreamOption[]): string {
  const m = rule.match;
  const parts: string[] = [];
  if (m.publicId !== undefined) parts.push(`id ${m.publicId}`);
  if (m.streamType) parts.push(STREAM_TYPE_LABEL[m.streamType]);
  if (m.upstreamId) parts.push(`upstream ${upstreams.find((u) => u.id === m.upstreamId)?.name ?? 'removed'}`);
  if (m.category) parts.push(`category “${m.category}”`);
  if (m.namePattern) parts.push(`name ${m.namePattern}`);
  return parts.length ? parts.join(' · ') : 'Everything';
}
