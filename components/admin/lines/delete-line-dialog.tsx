'use client';

import type { LineView } from '@/lib/lines/schemas';
import { ConfirmDeleteDialog } from '../confirm-delete-dialog';

export function DeleteLineDialog({ line, onOpenChange }: { line: LineView | null; onOpenChange: (open: boolean) => void }) {
  return (
    <ConfirmDeleteDialog
      open={line !== null}
      onOpenChange={onOpenChange}
      title={`Delete ${line?.username ?? ''}?`}
      description="Players using this account stop working on their next request, and its links stop working. To pause it instead, disable it. This cannot be undone."
      path={`/api/lines/${encodeURIComponent(line?.id ?? '')}`}
      confirmLabel="Delete account"
      successMessage={`Account ${line?.username ?? ''} deleted`}
    />
  );
}
