'use client';

import { useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { PlusIcon, RefreshCwIcon, ServerIcon } from 'lucide-react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import type { UpstreamView } from '@/lib/upstream/server-schemas';
import { callApi, describeApiError } from '../api-client';
import { EmptyState } from '../empty-state';
import type { DialogTarget } from '../form/entity-dialog';
import { DeleteUpstreamDialog } from './delete-upstream-dialog';
import { syncNowAnswerSchema, type SyncJob } from './sync-job';
import { UpstreamCard, type TrackedJob, type UpstreamGuide } from './upstream-card';
import { UpstreamDialog } from './upstream-dialog';

interface UpstreamListProps {
  upstreams: UpstreamView[];
  total: number;
  canManage: boolean;
  /** Syncs still queued or running when the page was rendered; their progress is picked up again. */
  activeJobs: SyncJob[];
  /** Each upstream's own guide, by upstream id. */
  guides: Record<string, UpstreamGuide>;
}

export function UpstreamList({ upstreams, total, canManage, activeJobs, guides }: UpstreamListProps) {
  const router = useRouter();
  const [formTarget, setFormTarget] = useState<DialogTarget<UpstreamView>>(null);
  const [deleting, setDeleting] = useState<UpstreamView | null>(null);
  const [jobs, setJobs] = useState<Record<string, TrackedJob>>(() =>
    Object.fromEntries(activeJobs.map((job) => [job.upstreamId, { id: job.id, initial: job, running: true }])),
  );
  const [startingAll, setStartingAll] = useState(false);
  // The upstream just added here: once the refreshed list shows it, it is scrolled into view.
  const [added, setAdded] = useState<string | null>(null);
  const scrolledTo = useRef<string | null>(null);
  const addedShown = added !== null && upstreams.some((u) => u.id === added);

  useEffect(() => {
    if (!added || !addedShown || scrolledTo.current === added) return;
    const card = document.querySelector<HTMLElement>(`[data-testid="upstream-row"][data-upstream-id="${CSS.escape(added)}"]`);
    if (!card) return;
    scrolledTo.current = added;
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    card.scrollIntoView({ block: 'start', behavior: still ? 'auto' : 'smooth' });
  }, [added, addedShown]);

  const track = (answer: unknown) => {
    const parsed = syncNowAnswerSchema.safeParse(answer);
    if (!parsed.success) throw new Error('unexpected answer');
    setJobs((prev) => {
      const next = { ...prev };
      for (const job of parsed.data.jobs) {
        // A sync already running answers with its own job: keep following it.
        if (prev[job.upstreamId]?.id !== job.id || !prev[job.upstreamId]?.running) {
          next[job.upstreamId] = { id: job.id, initial: null, running: true };
        }
      }
      return next;
    });
    return parsed.data.jobs.length;
  };

  async function syncOne(upstream: UpstreamView) {
    if (added === upstream.id) setAdded(null);
    setJobs((prev) => ({ ...prev, [upstream.id]: { id: null, initial: null, running: true } }));
    try {
      track(await callApi('/api/sync/now', { method: 'POST', body: { upstreamId: upstream.id } }));
    } catch (err) {
      setJobs((prev) => without(prev, upstream.id));
      toast.error(err instanceof Error && err.message === 'unexpected answer' ? 'The server gave an unexpected answer.' : describeApiError(err));
    }
  }

  async function syncAll() {
    setStartingAll(true);
    try {
      const started = track(await callApi('/api/sync/now', { method: 'POST', body: {} }));
      toast.success(started === 0 ? 'No active upstream to sync' : `Syncing ${started === 1 ? '1 upstream' : `${started} upstreams`}`);
    } catch (err) {
      toast.error(describeApiError(err));
    } finally {
      setStartingAll(false);
    }
  }

  const finished = (upstreamId: string, job: SyncJob) => {
    setJobs((prev) => (prev[upstreamId]?.id === job.id ? { ...prev, [upstreamId]: { ...prev[upstreamId], running: false } } : prev));
    // New counts, last sync time and error come from the server.
    router.refresh();
  };

  const dismiss = (upstreamId: string) => setJobs((prev) => without(prev, upstreamId));

  const addButton = canManage && (
    <Button size="sm" data-testid="add-upstream" onClick={() => setFormTarget('new')}>
      <PlusIcon /> Add upstream
    </Button>
  );

  return (
    <div className="grid gap-3">
      {upstreams.length === 0 ? (
        <EmptyState icon={ServerIcon} title="No upstream servers yet" action={addButton || undefined}>
          An upstream is an Xtream Codes provider (a server URL with a username and password). NeroPanel syncs its live
          channels, movies and series, merges them into one catalog and relays streams to your players.{' '}
          {canManage ? 'Add one, test the connection, then sync it.' : 'Ask an admin to add one.'}
        </EmptyState>
      ) : (
        <>
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm text-muted-foreground">
              {total === 1 ? '1 upstream' : `${total} upstreams`}
              {total > upstreams.length && `, showing the first ${upstreams.length}`}
            </p>
            {canManage && (
              <div className="flex items-center gap-2">
                <Button size="sm" variant="outline" disabled={startingAll} onClick={() => void syncAll()} data-testid="sync-all">
                  <RefreshCwIcon /> Sync all
                </Button>
                {addButton}
              </div>
            )}
          </div>
          <div className="grid gap-3" data-testid="upstream-list">
            {upstreams.map((upstream) => (
              <UpstreamCard
                key={upstream.id}
                upstream={upstream}
                canManage={canManage}
                job={jobs[upstream.id] ?? null}
                onSync={() => void syncOne(upstream)}
                onSyncFinished={(job) => finished(upstream.id, job)}
                onSyncDismiss={() => dismiss(upstream.id)}
                onEdit={() => setFormTarget(upstream)}
                onDelete={() => setDeleting(upstream)}
                guide={guides[upstream.id] ?? null}
                isNew={added === upstream.id}
                onDismissNew={() => setAdded(null)}
              />
            ))}
          </div>
        </>
      )}

      {canManage && (
        <>
          <UpstreamDialog target={formTarget} onTargetChange={setFormTarget} onCreated={setAdded} />
          <DeleteUpstreamDialog upstream={deleting} onOpenChange={(open) => !open && setDeleting(null)} />
        </>
      )}
    </div>
  );
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const next = { ...record };
  delete next[key];
  return next;
}
