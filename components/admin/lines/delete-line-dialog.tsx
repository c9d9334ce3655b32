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
import type { LineView } from '@/lib/lines/schemas';
import { callApi, describeApiError } from '../api-client';

interface DeleteLineDialogProps {
  line: LineView | null;
  onOpenChange: (open: boolean) => void;
}

export function DeleteLineDialog({ line, onOpenChange }: DeleteLineDialogProps) {
  const router = useRouter();
  const [pending, setPending] = useState(false);

  async function confirmDelete() {
    if (!line) return;
    setPending(true);
    try {
      await callApi(`/api/lines/${encodeURIComponent(line.id)}`, { method: 'DELETE' });
    } catch (err) {
      toast.error(describeApiError(err));
      setPending(false);
      return;
    }
    setPending(false);
    toast.success(`Account ${line.username} deleted`);
    onOpenChange(false);
    router.refresh();
  }

  return (
    <AlertDialog open={line !== null} onOpenChange={(next) => !pending && onOpenChange(next)}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete {line?.username}?</AlertDialogTitle>
          <AlertDialogDescription>
            Players using this account stop working on their next request, and its links stop working. To pause it
            instead, disable it. This cannot be undone.
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
            {pending ? 'Deleting…' : 'Delete account'}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
