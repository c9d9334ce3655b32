import { compileNamePattern, type ContentSource, type RoutingRuleView, type RoutingType, type RuleMatch } from './schemas';
import type { ItemKind } from './types';

/** What a rule can look at. Episodes also answer to their series' id, name and category. */
export interface MatchableItem {
  publicId: number;
  seriesPublicId: number | null;
  source: 'upstream' | 'local';
  kind: ItemKind;
  upstreamId: string | null;
  category: string | null;
  name: string;
  seriesName: string | null;
}

/** A rule ready to test many items: pattern compiled, comparisons lower-cased once. */
export interface CompiledRule {
  id: string;
  name: string | null;
  priority: number;
  contentSource: ContentSource;
  routingType: RoutingType;
  failover: boolean;
  upstreamOrder: string[];
  match: RuleMatch;
  upstreamId: string | null;
  category: string | null;
  namePattern: RegExp | null;
  /** A stored pattern that no longer compiles: the rule matches nothing rather than everything. */
  broken: boolean;
}

export function compileRule(rule: RoutingRuleView): CompiledRule {
  let namePattern: RegExp | null = null;
  let broken = false;
  if (rule.match.namePattern !== undefined) {
    try {
      namePattern = compileNamePattern(rule.match.namePattern);
    } catch {
      broken = true;
    }
  }
  return {
    id: rule.id,
    name: rule.name,
    priority: rule.priority,
    contentSource: rule.contentSource,
    routingType: rule.routingType,
    failover: rule.routingConfig.failover,
    upstreamOrder: rule.routingConfig.upstreamOrder.map((id) => id.toLowerCase()),
    match: rule.match,
    upstreamId: rule.match.upstreamId?.toLowerCase() ?? null,
    category: rule.match.category?.trim().toLowerCase() ?? null,
    namePattern,
    broken,
  };
}

/** Every field the rule sets must match; a rule without match fields matches all of its source. */
export function ruleMatches(rule: CompiledRule, item: MatchableItem): boolean {
  if (rule.broken) return false;
  if (rule.contentSource !== 'any' && rule.contentSource !== item.source) return false;
  const m = rule.match;
  if (m.publicId !== undefined && m.publicId !== item.publicId && m.publicId !== item.seriesPublicId) return false;
  if (rule.upstreamId !== null && rule.upstreamId !== item.upstreamId?.toLowerCase()) return false;
  if (m.streamType !== undefined && !streamTypeFits(m.streamType, item.kind)) return false;
  if (rule.category !== null && rule.category !== item.category?.trim().toLowerCase()) return false;
  if (rule.namePattern !== null && !nameFits(rule.namePattern, item)) return false;
  return true;
}

/** The deciding rule: the first match in priority order (ties: newest first, as the rules are sorted). */
export function pickRule(sortedRules: readonly CompiledRule[], item: MatchableItem): CompiledRule | null {
  for (const rule of sortedRules) if (ruleMatches(rule, item)) return rule;
  return null;
}

function streamTypeFits(streamType: NonNullable<RuleMatch['streamType']>, kind: ItemKind): boolean {
  return streamType === 'series' ? kind === 'series' || kind === 'episode' : streamType === kind;
}

function nameFits(pattern: RegExp, item: MatchableItem): boolean {
  // A /g or /y pattern keeps state between calls; start over each time.
  pattern.lastIndex = 0;
  if (pattern.test(item.name)) return true;
  pattern.lastIndex = 0;
  return item.seriesName !== null && pattern.test(item.seriesName);
}
