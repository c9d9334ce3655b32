'use client';

import { useState } from 'react';
import { SquareIcon } from 'lucide-react';
import { toast } from 'sonner';
import { ApiError, callApi } from '@/components/admin/api-client';
import { Button } from '@/components/ui/button';

/** Stops one viewer (DELETE /api/monitor/connections/{id}); its stream closes and its slot is free at once. */
export function StopViewerButton({ id, line, name, onStopped }: { id: string; line: string; name: string; onStopped?: () => void }) {
  const [busy, setBusy] = useState(false);
  const stop = async () => {
    setBusy(true);
    try {
      await callApi(`/api/monitor/connections/${encodeURIComponent(id)}`, { method: 'DELETE' });
      toast.success(`Stopped ${line} watching ${name}`);
      onStopped?.();
    } catch (err) {
      toast.error(err instanceof ApiError && err.status === 404 ? 'That viewer had already stopped' : err instanceof Error ? err.message : 'Could not stop the viewer');
      onStopped?.();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button type="button" size="sm" variant="outline" disabled={busy} onClick={stop} aria-label={`Stop ${line} watching ${name}`} data-testid="stop-viewer">
      <SquareIcon aria-hidden className="size-3" />
      Stop
    </Button>
  );
}
