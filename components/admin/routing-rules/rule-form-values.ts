import type { z } from 'zod';
import type { routingRuleSchema, RoutingRuleView } from '@/lib/routing/schemas';

export type RuleFormValues = z.input<typeof routingRuleSchema>;

export const EMPTY_RULE: RuleFormValues = {
  name: '',
  contentSource: 'any',
  match: {},
  routingType: 'proxy',
  priority: 100,
  routingConfig: { failover: true, upstreamOrder: [] },
  enabled: true,
};

export function ruleToFormValues(rule: RoutingRuleView): RuleFormValues {
  return {
    name: rule.name ?? '',
    contentSource: rule.contentSource,
    match: { ...rule.match },
    routingType: rule.routingType,
    priority: rule.priority,
    routingConfig: { failover: rule.routingConfig.failover, upstreamOrder: [...rule.routingConfig.upstreamOrder] },
    enabled: rule.enabled,
  };
}

/** The server's field keys ("match.category") are the form's field names. */
export const FIELD_NAMES = [
  'name',
  'contentSource',
  'routingType',
  'priority',
  'enabled',
  'match.publicId',
  'match.upstreamId',
  'match.streamType',
  'match.category',
  'match.namePattern',
  'routingConfig.failover',
  'routingConfig.upstreamOrder',
] as const;
