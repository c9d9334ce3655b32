'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { SquareIcon } from 'lucide-react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import type { LineView } from '@/lib/lines/schemas';
import { callApi, describeApiError } from '../api-client';

/** Stops every stream of the account (DELETE /api/lines/{id}/connections); its slots are free at once. */
export function StopLineViewersButton({ line }: { line: Pick<LineView, 'id' | 'username' | 'activeConnections'> }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const stop = async () => {
    setBusy(true);
    try {
      await callApi(`/api/lines/${encodeURIComponent(line.id)}/connections`, { method: 'DELETE' });
      toast.success(`Stopped the streams of ${line.username}`);
    } catch (err) {
      toast.error(describeApiError(err));
    } finally {
      setBusy(false);
      router.refresh();
    }
  };
  return (
    <Button
      type="button"
      size="sm"
      variant="outline"
      className="h-7 px-2 text-xs"
      disabled={busy}
      onClick={() => void stop()}
      aria-label={`Stop ${line.activeConnections === 1 ? 'the stream' : 'the streams'} of ${line.username}`}
      title="Stop its streams now"
      data-testid="line-stop-viewers"
    >
      <SquareIcon aria-hidden className="size-3" />
      Stop
    </Button>
  );
}
