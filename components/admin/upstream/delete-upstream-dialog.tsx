'use client';

import type { UpstreamView } from '@/lib/upstream/server-schemas';
import { ConfirmDeleteDialog } from '../confirm-delete-dialog';
import { formatCount } from './format';

export function DeleteUpstreamDialog({ upstream, onOpenChange }: { upstream: UpstreamView | null; onOpenChange: (open: boolean) => void }) {
  const items = upstream ? upstream.counts.live + upstream.counts.vod + upstream.counts.series : 0;
  return (
    <ConfirmDeleteDialog
      open={upstream !== null}
      onOpenChange={onOpenChange}
      title={`Delete ${upstream?.name ?? ''}?`}
      description={`Its synced content is removed too${items > 0 ? ` (${formatCount(items)} live channels, movies and series)` : ''}, and players stop seeing it at once. This cannot be undone.`}
      path={`/api/upstream/${encodeURIComponent(upstream?.id ?? '')}`}
      confirmLabel="Delete upstream"
      successMessage={`Upstream ${upstream?.name ?? ''} deleted`}
    />
  );
}
