import * as q from '@/db/queries/routing';
import { notFound } from '@/lib/errors';
import { processState } from '@/lib/state';
import { compileRule, type CompiledRule } from './match';
import {
  ruleMatchSchema,
  type RoutingRuleInput,
  type RoutingRuleView,
  type RuleMatch,
  type UpdateRoutingRuleInput,
} from './schemas';

// The relay resolves every stream request: rules live in memory, reloaded after any change here and
// at least this often, so a change made on another replica applies within seconds.
const RELOAD_MS = 5_000;

const cache = processState('routingRules', () => ({
  rules: null as CompiledRule[] | null,
  loadedAt: 0,
  generation: 0,
  loading: null as Promise<CompiledRule[]> | null,
}));

/** Enabled rules, compiled, highest priority first (ties: newest first). */
export async function activeRules(): Promise<CompiledRule[]> {
  if (cache.rules && Date.now() - cache.loadedAt < RELOAD_MS) return cache.rules;
  if (cache.loading) return cache.loading;
  const generation = cache.generation;
  const loading = q
    .listEnabledRoutingRuleRows()
    .then((rows) => {
      const rules = rows.map((row) => compileRule(toRoutingRuleView(row)));
      // A change that landed while this load ran wins: keep nothing stale.
      if (cache.generation === generation) {
        cache.rules = rules;
        cache.loadedAt = Date.now();
      }
      return rules;
    })
    .finally(() => {
      if (cache.loading === loading) cache.loading = null;
    });
  cache.loading = loading;
  return loading;
}

/** Drops the cached rules (after a change, or when tests switch databases). */
export function forgetRoutingRules(): void {
  cache.rules = null;
  cache.loading = null;
  cache.generation += 1;
}

export function toRoutingRuleView(row: q.RoutingRuleRow): RoutingRuleView {
  const config = row.routing_config ?? {};
  const upstreamOrder = Array.isArray(config.upstreamOrder) ? config.upstreamOrder.filter((v): v is string => typeof v === 'string') : [];
  return {
    id: row.id,
    name: row.name,
    contentSource: row.content_source,
    match: storedMatch(row),
    routingType: row.routing_type,
    priority: row.priority,
    routingConfig: { failover: config.failover !== false, upstreamOrder },
    enabled: row.enabled,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

// The seed kept the target in content_id; a rule stored without match.publicId still honours it.
function storedMatch(row: q.RoutingRuleRow): RuleMatch {
  const parsed = ruleMatchSchema.safeParse(row.match ?? {});
  // An unreadable match must not widen into "everything": it becomes a pattern that cannot compile.
  const match: RuleMatch = parsed.success ? parsed.data : { namePattern: '/(/' };
  if (match.publicId === undefined && row.content_id && /^\d+$/.test(row.content_id)) match.publicId = Number(row.content_id);
  return match;
}

function toFields(rule: Omit<RoutingRuleView, 'id' | 'createdAt' | 'updatedAt'>): q.RoutingRuleFields {
  return {
    name: rule.name?.trim() || null,
    contentId: rule.match.publicId !== undefined ? String(rule.match.publicId) : null,
    contentSource: rule.contentSource,
    routingType: rule.routingType,
    priority: rule.priority,
    match: rule.match,
    routingConfig: rule.routingConfig,
    enabled: rule.enabled,
  };
}

export async function listRoutingRules({ page = 1, pageSize = 50 } = {}) {
  const { rows, total } = await q.listRoutingRuleRows(pageSize, (page - 1) * pageSize);
  return { items: rows.map(toRoutingRuleView), total, page, pageSize };
}

export async function getRoutingRule(id: string): Promise<RoutingRuleView> {
  const row = await q.findRoutingRuleRow(id);
  if (!row) throw notFound('routing rule');
  return toRoutingRuleView(row);
}

export async function createRoutingRule(input: RoutingRuleInput): Promise<RoutingRuleView> {
  const row = await q.insertRoutingRule(
    toFields({
      name: input.name ?? null,
      contentSource: input.contentSource,
      match: input.match,
      routingType: input.routingType,
      priority: input.priority,
      routingConfig: { failover: input.routingConfig?.failover ?? true, upstreamOrder: input.routingConfig?.upstreamOrder ?? [] },
      enabled: input.enabled,
    }),
  );
  forgetRoutingRules();
  return toRoutingRuleView(row);
}

/** A PATCH: given fields replace the stored ones (`match` as a whole); `routingConfig` is merged. */
export async function updateRoutingRule(id: string, input: UpdateRoutingRuleInput): Promise<RoutingRuleView> {
  const before = await getRoutingRule(id);
  const merged = {
    name: input.name !== undefined ? input.name : before.name,
    contentSource: input.contentSource ?? before.contentSource,
    match: input.match ?? before.match,
    routingType: input.routingType ?? before.routingType,
    priority: input.priority ?? before.priority,
    routingConfig: {
      failover: input.routingConfig?.failover ?? before.routingConfig.failover,
      upstreamOrder: input.routingConfig?.upstreamOrder ?? before.routingConfig.upstreamOrder,
    },
    enabled: input.enabled ?? before.enabled,
  };
  const row = await q.updateRoutingRuleRow(id, toFields(merged));
  forgetRoutingRules();
  if (!row) throw notFound('routing rule');
  return toRoutingRuleView(row);
}

export async function deleteRoutingRule(id: string): Promise<void> {
  const found = await q.deleteRoutingRuleRow(id);
  forgetRoutingRules();
  if (!found) throw notFound('routing rule');
}
