'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from '@/components/ui/alert-dialog';
import type { RoutingRuleView } from '@/lib/routing/schemas';
import { callApi, describeApiError } from '../api-client';

export function DeleteRuleDialog({ rule, onOpenChange }: { rule: RoutingRuleView | null; onOpenChange: (open: boolean) => void }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);

  async function confirmDelete() {
    if (!rule) return;
    setPending(true);
    try {
      await callApi(`/api/routing-rules/${encodeURIComponent(rule.id)}`, { method: 'DELETE' });
    } catch (err) {
      toast.error(describeApiError(err));
      setPending(false);
      return;
    }
    setPending(false);
    toast.success('Rule deleted');
    onOpenChange(false);
    router.refresh();
  }

  return (
    <AlertDialog open={rule !== null} onOpenChange={(next) => !pending && onOpenChange(next)}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete {rule?.name ? `“${rule.name}”` : 'this rule'}?</AlertDialogTitle>
          <AlertDialogDescription>
            Streams it matched fall back to the next matching rule, or the default (proxy for upstream content, direct for
            local). To pause it instead, switch it off.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
          <AlertDialogAction
            variant="destructive"
            data-testid="confirm-delete"
            disabled={pending}
            onClick={(event) => {
              event.preventDefault();
              void confirmDelete();
            }}
          >
            {pending ? 'Deleting…' : 'Delete rule'}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
