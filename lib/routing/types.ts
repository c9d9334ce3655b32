// The contract between the router (lib/routing) and the relay (lib/relay).

export type DeliveryMode = 'proxy' | 'redirect' | 'direct';
export type ItemKind = 'live' | 'movie' | 'series' | 'episode';

/** One place the bytes of an item can come from, in failover order. */
export interface RouteSource {
  /** null for local content (its own URL). */
  upstreamId: string | null;
  upstreamName: string | null;
  /** The public id of this copy (copies on other upstreams have their own ids). */
  publicId: number;
  /** Full URL, credentials included: hand it to the relay, never log it or show it (see maskedUrl). */
  url: string;
  /** The same URL with credentials replaced by ***, for the API and logs. */
  maskedUrl: string;
  /** Upstream connect/first-byte timeout. */
  timeoutSeconds: number;
  /**
   * Request headers the relay sends to this source: the upstream's configured User-Agent (or the
   * default one), plus any headers the source itself asks for.
   */
  headers?: Readonly<Record<string, string>>;
  /** Effective upstream connection limit for this upstream account: override ?? provider's ?? null (unknown). */
  maxConnections: number | null;
}

export interface RoutingRuleRef {
  id: string;
  name: string | null;
  priority: number;
}

export interface ResolvedRoute {
  item: { publicId: number; name: string; kind: ItemKind; source: 'upstream' | 'local'; containerExtension: string | null };
  mode: DeliveryMode;
  /** Failover allowed across `sources` (rule's routingConfig.failover, default true). */
  failover: boolean;
  sources: RouteSource[];
  /** The rule that decided, or null for the default (proxy for upstream content, direct for local). */
  rule: RoutingRuleRef | null;
}
