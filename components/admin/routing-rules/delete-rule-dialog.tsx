'use client';

import type { RoutingRuleView } from '@/lib/routing/schemas';
import { ConfirmDeleteDialog } from '../confirm-delete-dialog';

export function DeleteRuleDialog({ rule, onOpenChange }: { rule: RoutingRuleView | null; onOpenChange: (open: boolean) => void }) {
  return (
    <ConfirmDeleteDialog
      open={rule !== null}
      onOpenChange={onOpenChange}
      title={`Delete ${rule?.name ? `“${rule.name}”` : 'this rule'}?`}
      description="Streams it matched fall back to the next matching rule, or the default (proxy for upstream content, direct for local). To pause it instead, switch it off."
      path={`/api/routing-rules/${encodeURIComponent(rule?.id ?? '')}`}
      confirmLabel="Delete rule"
      successMessage="Rule deleted"
    />
  );
}
