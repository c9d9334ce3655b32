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
import type { UpstreamView } from '@/lib/upstream/server-schemas';
import { callApi, describeApiError } from '../api-client';
import { formatCount } from './format';

interface DeleteUpstreamDialogProps {
  upstream: UpstreamView | null;
  onOpenChange: (open: boolean) => void;
}

export function DeleteUpstreamDialog({ upstream, onOpenChange }: DeleteUpstreamDialogProps) {
  const router = useRouter();
  const [pending, setPending] = useState(false);

  async function confirmDelete() {
    if (!upstream) return;
    setPending(true);
    try {
      await callApi(`/api/upstream/${encodeURIComponent(upstream.id)}`, { method: 'DELETE' });
    } catch (err) {
      toast.error(describeApiError(err));
      setPending(false);
      return;
    }
    setPending(false);
    toast.success(`Upstream ${upstream.name} deleted`);
    onOpenChange(false);
    router.refresh();
  }

  const items = upstream ? upstream.counts.live + upstream.counts.vod + upstream.counts.series : 0;
  return (
    <AlertDialog open={upstream !== null} onOpenChange={(next) => !pending && onOpenChange(next)}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete {upstream?.name}?</AlertDialogTitle>
          <AlertDialogDescription>
            Its synced content is removed too
            {items > 0 ? ` (${formatCount(items)} live channels, movies and series)` : ''}, and players stop seeing it at
            once. This cannot be undone.
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
            {pending ? 'Deleting…' : 'Delete upstream'}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
