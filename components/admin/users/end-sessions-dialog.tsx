'use client';

import type { PanelUser } from '@/lib/users/schemas';
import { ConfirmDeleteDialog } from '../confirm-delete-dialog';

interface EndSessionsDialogProps {
  user: PanelUser | null;
  isSelf: boolean;
  onOpenChange: (open: boolean) => void;
}

/** Ends every session of a user: each browser signed in as them is sent back to the login page. */
export function EndSessionsDialog({ user, isSelf, onOpenChange }: EndSessionsDialogProps) {
  return (
    <ConfirmDeleteDialog
      open={user !== null}
      onOpenChange={onOpenChange}
      title={`End ${user?.username ?? ''}'s sessions?`}
      description={
        isSelf
          ? 'Every browser signed in as you is signed out, this one included.'
          : 'Every browser signed in as them is signed out. They can sign in again with their password.'
      }
      path={`/api/users/${encodeURIComponent(user?.id ?? '')}/sessions`}
      confirmLabel="End sessions"
      successMessage={`Sessions of ${user?.username ?? ''} ended`}
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- this session ended too
      onDeleted={isSelf ? () => window.location.assign('/login') : undefined}
    />
  );
}
