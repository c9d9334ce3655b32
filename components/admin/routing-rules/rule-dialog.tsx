'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { routingRuleSchema, type RoutingRuleInput, type RoutingRuleView } from '@/lib/routing/schemas';
import { ApiForm, EntityDialog, FormFooter, type DialogTargetProps } from '../form/entity-dialog';
import { useApiForm } from '../form/use-api-form';
import { RuleFields } from './rule-fields';
import { EMPTY_RULE, FIELD_NAMES, ruleToFormValues, type RuleFormValues } from './rule-form-values';
import type { UpstreamOption } from './rule-labels';

/** Add a routing rule, or edit one. */
export function RoutingRuleDialog({ upstreams, ...target }: DialogTargetProps<RoutingRuleView> & { upstreams: UpstreamOption[] }) {
  return (
    <EntityDialog
      {...target}
      className="sm:max-w-2xl"
      title={(rule) => (rule ? `Edit ${rule.name || 'rule'}` : 'Add routing rule')}
      description={(rule) => (rule ? 'Changes apply to the next stream request.' : 'Leave a match field empty to match anything there.')}
    >
      {(rule, close) => <RuleForm key={rule?.id ?? 'new'} rule={rule} upstreams={upstreams} onDone={close} />}
    </EntityDialog>
  );
}

function RuleForm({ rule, upstreams, onDone }: { rule: RoutingRuleView | null; upstreams: UpstreamOption[]; onDone: () => void }) {
  const { form, submit, busy } = useApiForm<RuleFormValues, RoutingRuleInput>({
    resolver: zodResolver(routingRuleSchema),
    defaultValues: rule ? ruleToFormValues(rule) : EMPTY_RULE,
    fields: FIELD_NAMES,
    request: (values) => {
      const body = { ...values, name: values.name?.trim() || null };
      return rule ? { method: 'PATCH', path: `/api/routing-rules/${encodeURIComponent(rule.id)}`, body } : { method: 'POST', path: '/api/routing-rules', body };
    },
    success: () => (rule ? 'Rule updated' : 'Rule added'),
    onDone,
  });
  return (
    <ApiForm form={form} submit={submit} testId="rule-form">
      <RuleFields control={form.control} upstreams={upstreams} />
      <FormFooter busy={busy} onCancel={onDone} submitLabel={rule ? 'Save changes' : 'Add rule'} testId="rule-submit" />
    </ApiForm>
  );
}
