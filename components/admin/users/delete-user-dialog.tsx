'use client';

import type { PanelUser } from '@/lib/users/schemas';
import { ConfirmDeleteDialog } from '../confirm-delete-dialog';

interface DeleteUserDialogProps {
  user: PanelUser | null;
  isSelf: boolean;
  onOpenChange: (open: boolean) => void;
}

export function DeleteUserDialog({ user, isSelf, onOpenChange }: DeleteUserDialogProps) {
  return (
    <ConfirmDeleteDialog
      open={user !== null}
      onOpenChange={onOpenChange}
      title={`Delete ${user?.username ?? ''}?`}
      description={
        isSelf
          ? 'This is your own account: you will be signed out and cannot sign in with it again.'
          : 'They will no longer be able to sign in. This cannot be undone.'
      }
      path={`/api/users/${encodeURIComponent(user?.id ?? '')}`}
      confirmLabel="Delete user"
      successMessage={`User ${user?.username ?? ''} deleted`}
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load drops what the old session cached
      onDeleted={isSelf ? () => window.location.assign('/login') : undefined}
    />
  );
}
