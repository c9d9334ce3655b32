'use client';

import { useState, type ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { AlertDialog, AlertDialogAction, AlertDialogCancel, AlertDialogContent, AlertDialogDescription, AlertDialogFooter, AlertDialogHeader, AlertDialogTitle } from '@/components/ui/alert-dialog';
import { callApi, describeApiError } from './api-client';

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

  async function confirmDelete() {
    setPending(true);
    try {
      await callApi(path, { method: 'DELETE' });
    } catch (err) {
      toast.error(describeApiError(err));
      setPending(false);
      return;
    }
    setPending(false);
    toast.success(successMessage);
    onOpenChange(false);
    if (onDeleted) onDeleted();
    else router.refresh();
  }

  return (
    <AlertDialog open={open} onOpenChange={(next) => !pending && onOpenChange(next)}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription>{description}</AlertDialogDescription>
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
            {pending ? 'Deleting…' : confirmLabel}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
