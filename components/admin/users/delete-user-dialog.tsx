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
import type { PanelUser } from '@/lib/users/schemas';
import { callApi, describeApiError } from '../api-client';

interface DeleteUserDialogProps {
  user: PanelUser | null;
  isSelf: boolean;
  onOpenChange: (open: boolean) => void;
}

export function DeleteUserDialog({ user, isSelf, onOpenChange }: DeleteUserDialogProps) {
  const router = useRouter();
  const [pending, setPending] = useState(false);

  async function confirmDelete() {
    if (!user) return;
    setPending(true);
    try {
      await callApi(`/api/users/${encodeURIComponent(user.id)}`, { method: 'DELETE' });
    } catch (err) {
      toast.error(describeApiError(err));
      setPending(false);
      return;
    }
    setPending(false);
    toast.success(`User ${user.username} deleted`);
    onOpenChange(false);
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load drops what the old session cached
    if (isSelf) window.location.assign('/login');
    else router.refresh();
  }

  return (
    <AlertDialog open={user !== null} onOpenChange={(next) => !pending && onOpenChange(next)}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete {user?.username}?</AlertDialogTitle>
          <AlertDialogDescription>
            {isSelf
              ? 'This is your own account: you will be signed out and cannot sign in with it again.'
              : 'They will no longer be able to sign in. This cannot be undone.'}
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
          <AlertDialogAction
            variant="destructive"
            data-testid="confirm-delete"
            disabled={pending}
            onClick={(event) => {
              // Keep the dialog open until the server has answered.
              event.preventDefault();
              void confirmDelete();
            }}
          >
            {pending ? 'Deleting…' : 'Delete user'}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
