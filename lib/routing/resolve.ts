import * as q from '@/db/queries/routing';
import { notFound } from '@/lib/errors';
import type { Catchup } from './catchup';
import { localSource, upstreamSources } from './candidates';
import { pickRule, type CompiledRule } from './match';
import { activeRules } from './rules';
import type { ResolveView } from './schemas';
import type { DeliveryMode, ResolvedRoute } from './types';

export interface ResolveOptions {
  /** The extension the player asked for; for live streams it picks the upstream format (ts, m3u8). */
  extension?: string;
  /** Live only: a catch-up window instead of the live stream (sources with an archive, at their timeshift URLs). */
  catchup?: Catchup;
}

/**
 * What the relay does with a stream request for `publicId`: the delivery mode and the ordered
 * sources. Null when nothing playable has that id (unknown, removed, inactive, or a series).
 */
export async function resolveRoute(publicId: number, options: ResolveOptions = {}): Promise<ResolvedRoute | null> {
  const route = await routeFor(publicId, options);
  return route && route.item.kind !== 'series' ? route : null;
}

/** The resolve answer of the admin API: URLs masked, series shown with their rule but no source. */
export async function explainRoute(publicId: number): Promise<ResolveView> {
  const route = await routeFor(publicId, {});
  if (!route) throw notFound('item');
  return {
    mode: route.mode,
    failover: route.failover,
    playable: route.item.kind !== 'series',
    sources: route.sources.map((s) => ({ upstreamId: s.upstreamId, upstreamName: s.upstreamName, publicId: s.publicId, url: s.maskedUrl })),
    rule: route.rule,
    item: route.item,
  };
}

async function routeFor(publicId: number, options: ResolveOptions): Promise<ResolvedRoute | null> {
  if (!Number.isSafeInteger(publicId) || publicId <= 0) return null;
  const [item, rules] = await Promise.all([q.findRoutableItem(publicId), activeRules()]);
  if (!item) return null;
  const rule = pickRule(rules, {
    publicId: item.public_id,
    seriesPublicId: item.series_public_id,
    source: item.source,
    kind: item.kind,
    upstreamId: item.upstream_server_id,
    category: item.category,
    name: item.name,
    seriesName: item.series_name,
  });
  const failover = rule?.failover ?? true;
  const playable = item.kind !== 'series';
  const liveExtension = liveExtensionOf(options.extension);
  const sources = !playable
    ? []
    : item.source === 'local'
      ? localSource(item)
      : await upstreamSources(item, { failover, upstreamOrder: rule?.upstreamOrder ?? [], liveExtension, catchup: options.catchup });
  return {
    item: {
      publicId: item.public_id,
      name: item.name,
      kind: item.kind,
      source: item.source,
      containerExtension: item.kind === 'live' ? null : item.container_extension?.trim() || (item.kind === 'series' ? null : 'mp4'),
    },
    mode: deliveryMode(rule, item.source),
    failover,
    sources,
    rule: rule ? { id: rule.id, name: rule.name, priority: rule.priority } : null,
  };
}

/** No rule: proxy upstream content, hand local content out directly. `direct` on upstream content is a redirect. */
function deliveryMode(rule: CompiledRule | null, source: 'upstream' | 'local'): DeliveryMode {
  if (!rule) return source === 'local' ? 'direct' : 'proxy';
  if (rule.routingType === 'direct' && source === 'upstream') return 'redirect';
  return rule.routingType;
}

function liveExtensionOf(extension: string | undefined): string {
  const ext = extension?.replace(/^\./, '').toLowerCase();
  return ext && /^[a-z0-9]{1,8}$/.test(ext) ? ext : 'ts';
}
