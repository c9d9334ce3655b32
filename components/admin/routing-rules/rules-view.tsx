'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { PencilIcon, Trash2Icon } from 'lucide-react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Switch } from '@/components/ui/switch';
import { TableCell, TableRow } from '@/components/ui/table';
import type { RoutingRuleView } from '@/lib/routing/schemas';
import { callApi, describeApiError } from '../api-client';
import { DataTable } from '../data-table';
import type { DialogTarget } from '../form/entity-dialog';
import { useIsDesktop } from '../use-is-desktop';
import { DeleteRuleDialog } from './delete-rule-dialog';
import { RoutingRuleDialog } from './rule-dialog';
import { matchSummary, ModeBadge, SOURCE_LABEL, type UpstreamOption } from './rule-labels';

interface RulesViewProps {
  rules: RoutingRuleView[];
  upstreams: UpstreamOption[];
  canManage: boolean;
  /** Shown instead of the list when there are no rules. */
  empty: React.ReactNode;
}

interface Handlers {
  onEdit: (rule: RoutingRuleView) => void;
  onDelete: (rule: RoutingRuleView) => void;
}

/** The rules in the order the router tries them (a table on desktop, cards on phones) and, for admins, the dialogs. */
export function RulesView({ rules, upstreams, canManage, empty }: RulesViewProps) {
  const isDesktop = useIsDesktop();
  const [editing, setEditing] = useState<DialogTarget<RoutingRuleView>>(null);
  const [deleting, setDeleting] = useState<RoutingRuleView | null>(null);
  const handlers: Handlers | null = canManage ? { onEdit: setEditing, onDelete: setDeleting } : null;
  const Body = isDesktop ? RulesTable : RuleCards;

  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-base font-semibold">Rules</h2>
        {canManage && <RoutingRuleDialog target={editing} onTargetChange={setEditing} upstreams={upstreams} add={{ label: 'Add rule', testId: 'add-rule' }} />}
      </div>
      {rules.length === 0 ? empty : <Body rules={rules} upstreams={upstreams} handlers={handlers} />}
      {canManage && <DeleteRuleDialog rule={deleting} onOpenChange={(open) => !open && setDeleting(null)} />}
    </div>
  );
}

interface ListProps {
  rules: RoutingRuleView[];
  upstreams: UpstreamOption[];
  handlers: Handlers | null;
}

function RulesTable({ rules, upstreams, handlers }: ListProps) {
  return (
    <DataTable
      testId="rules-table"
      columns={[{ key: 'priority', label: 'Priority', className: 'w-0' }, 'Name', 'Source', 'Matches', 'Mode', 'Failover', 'Enabled']}
      actions={handlers !== null}
    >
      {rules.map((rule) => (
        <TableRow key={rule.id} data-testid="rule-row" data-rule-id={rule.id} data-rule-name={rule.name ?? ''}>
          <TableCell className="font-mono tabular-nums">{rule.priority}</TableCell>
          <TableCell className="font-medium">
            <span className="block max-w-48 truncate" title={rule.name ?? undefined}>
              {rule.name || <span className="text-muted-foreground">Unnamed</span>}
            </span>
          </TableCell>
          <TableCell className="text-muted-foreground">{SOURCE_LABEL[rule.contentSource]}</TableCell>
          <TableCell>
            <span className="block max-w-72 truncate text-sm" title={matchSummary(rule, upstreams)}>
              {matchSummary(rule, upstreams)}
            </span>
          </TableCell>
          <TableCell>
            <ModeBadge mode={rule.routingType} />
          </TableCell>
          <TableCell className="text-muted-foreground">{rule.routingConfig.failover ? 'Yes' : 'No'}</TableCell>
          <TableCell>
            <EnabledSwitch rule={rule} canManage={handlers !== null} />
          </TableCell>
          {handlers && (
            <TableCell className="py-1.5 text-right">
              <RuleActions rule={rule} handlers={handlers} />
            </TableCell>
          )}
        </TableRow>
      ))}
    </DataTable>
  );
}

function RuleCards({ rules, upstreams, handlers }: ListProps) {
  return (
    <ul className="grid gap-3" data-testid="rules-cards">
      {rules.map((rule) => (
        <li key={rule.id}>
          <Card className="grid gap-3 p-4" data-testid="rule-row" data-rule-id={rule.id} data-rule-name={rule.name ?? ''}>
            <div className="flex items-start justify-between gap-3">
              <div className="min-w-0 font-medium break-words">{rule.name || <span className="text-muted-foreground">Unnamed rule</span>}</div>
              <ModeBadge mode={rule.routingType} />
            </div>
            <p className="text-sm break-words">{matchSummary(rule, upstreams)}</p>
            <dl className="grid grid-cols-3 gap-x-4 gap-y-1 text-sm">
              <div>
                <dt className="text-xs text-muted-foreground">Priority</dt>
                <dd className="font-mono tabular-nums">{rule.priority}</dd>
              </div>
              <div>
                <dt className="text-xs text-muted-foreground">Source</dt>
                <dd>{SOURCE_LABEL[rule.contentSource]}</dd>
              </div>
              <div>
                <dt className="text-xs text-muted-foreground">Failover</dt>
                <dd>{rule.routingConfig.failover ? 'Yes' : 'No'}</dd>
              </div>
            </dl>
            <div className="flex flex-wrap items-center justify-between gap-2 border-t pt-3">
              <label className="inline-flex items-center gap-2 text-sm">
                <EnabledSwitch rule={rule} canManage={handlers !== null} /> Enabled
              </label>
              {handlers && <RuleActions rule={rule} handlers={handlers} labelled />}
            </div>
          </Card>
        </li>
      ))}
    </ul>
  );
}

function EnabledSwitch({ rule, canManage }: { rule: RoutingRuleView; canManage: boolean }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  async function toggle(enabled: boolean) {
    setPending(true);
    try {
      await callApi(`/api/routing-rules/${encodeURIComponent(rule.id)}`, { method: 'PATCH', body: { enabled } });
      toast.success(enabled ? 'Rule enabled' : 'Rule switched off');
      router.refresh();
    } catch (err) {
      toast.error(describeApiError(err));
    } finally {
      setPending(false);
    }
  }
  return (
    <Switch
      checked={rule.enabled}
      disabled={!canManage || pending}
      onCheckedChange={(v) => void toggle(v)}
      aria-label={`${rule.enabled ? 'Disable' : 'Enable'} ${rule.name || 'rule'}`}
      data-testid="rule-enabled-switch"
    />
  );
}

function RuleActions({ rule, handlers, labelled = false }: { rule: RoutingRuleView; handlers: Handlers; labelled?: boolean }) {
  const size = labelled ? 'sm' : 'icon-sm';
  const variant = labelled ? 'outline' : 'ghost';
  return (
    <div className="flex items-center gap-1">
      <Button variant={variant} size={size} aria-label={`Edit ${rule.name || 'rule'}`} title="Edit" data-testid="rule-edit" onClick={() => handlers.onEdit(rule)}>
        <PencilIcon />
        {labelled && 'Edit'}
      </Button>
      <Button variant={variant} size={size} aria-label={`Delete ${rule.name || 'rule'}`} title="Delete" data-testid="rule-delete" onClick={() => handlers.onDelete(rule)}>
        <Trash2Icon />
        {labelled && 'Delete'}
      </Button>
    </div>
  );
}
