'use client';

import { useState, type ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { AlertDialog, AlertDialogAction, AlertDialogCancel, AlertDialogContent, AlertDialogDescription, AlertDialogFooter, AlertDialogHeader, AlertDialogTitle } from '@/components/ui/alert-dialog';
import { ApiError, callApi, describeApiError } from './api-client';

interface ConfirmDeleteDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: ReactNode;
  /** The admin API path to DELETE. */
  path: string;
  confirmLabel: string;
  successMessage: string;
  /** After a successful delete; the default refreshes the page's data. */
  onDeleted?: () => void;
}

/** The one delete confirmation of the admin pages: stays open until the server has answered. */
export function ConfirmDeleteDialog({ open, onOpenChange, title, description, path, confirmLabel, successMessage, onDeleted }: ConfirmDeleteDialogProps) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  // A 409 (still in use) stays in the dialog, in words, until it is closed.
  const [conflict, setConflict] = useState<string | null>(null);

  async function confirmDelete() {
    setPending(true);
    try {
      await callApi(path, { method: 'DELETE' });
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setConflict(err.message);
      toast.error(describeApiError(err));
      setPending(false);
      return;
    }
    setPending(false);
    toast.success(successMessage);
    setConflict(null);
    onOpenChange(false);
    if (onDeleted) onDeleted();
    else router.refresh();
  }

  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        setConflict(null);
        onOpenChange(next);
      }}
    >
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription>{description}</AlertDialogDescription>
        </AlertDialogHeader>
        {conflict && (
          <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/5 p-3 text-sm text-destructive" data-testid="delete-conflict">
            Not deleted: {conflict}.
          </p>
        )}
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
            {pending ? 'Deleting…' : confirmLabel}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
