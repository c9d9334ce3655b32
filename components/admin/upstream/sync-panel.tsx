'use client';

import { XIcon } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Progress } from '@/components/ui/progress';
import { formatDuration } from '../date-time';
import { formatCount } from './format';
import { isFinished, type SyncJob } from './sync-job';
import { useSyncJob } from './use-sync-job';

interface SyncPanelProps {
  jobId: string;
  initial: SyncJob | null;
  onFinished: (job: SyncJob) => void;
  onDismiss: () => void;
}

/** A sync of one upstream: a live progress bar while it runs, then what it changed. */
export function SyncPanel({ jobId, initial, onFinished, onDismiss }: SyncPanelProps) {
  const { job, problem } = useSyncJob(jobId, initial, onFinished);
  if (problem) {
    return (
      <div className="flex items-start justify-between gap-2 rounded-md border border-dashed px-3 py-2 text-sm text-muted-foreground">
        {problem}
        <DismissButton onClick={onDismiss} />
      </div>
    );
  }
  if (job && isFinished(job.status)) return <SyncResult job={job} onDismiss={onDismiss} />;
  return <SyncProgress job={job} />;
}

export function SyncProgress({ job }: { job: SyncJob | null }) {
  const queued = !job || job.status === 'queued';
  const done = job?.progress.done ?? 0;
  const total = job?.progress.total ?? 0;
  const known = !queued && total > 0;
  const percent = known ? Math.min(100, Math.round((done / total) * 100)) : null;
  return (
    <div data-testid="sync-progress" data-status={job?.status ?? 'queued'} className="grid gap-1.5" aria-live="polite">
      <div className="flex items-baseline justify-between gap-3 text-xs">
        <span className="min-w-0 truncate">
          <span className="font-medium">{queued ? 'Waiting to start…' : 'Syncing'}</span>
          {!queued && job?.phase && <span className="text-muted-foreground"> · {job.phase}</span>}
        </span>
        <span className="shrink-0 text-muted-foreground tabular-nums">
          {queued ? '' : known ? `${formatCount(done)} / ${formatCount(total)}` : `${formatCount(done)} items`}
        </span>
      </div>
      {percent === null ? (
        <IndeterminateBar label={queued ? 'Sync queued' : `Syncing, ${done} items so far`} />
      ) : (
        <Progress value={percent} aria-label={`Sync progress, ${percent}%`} />
      )}
    </div>
  );
}

/** A bar with a sliding segment, for when the total is not known yet. */
function IndeterminateBar({ label }: { label: string }) {
  return (
    <div role="progressbar" aria-label={label} className="relative h-2 w-full overflow-hidden rounded-full bg-primary/15">
      <div
        className="absolute inset-y-0 left-0 w-1/3 rounded-full bg-primary motion-reduce:w-full motion-reduce:animate-pulse"
        ref={(el) => {
          if (!el || window.matchMedia('(prefers-reduced-motion: reduce)').matches) return;
          const slide = el.animate([{ transform: 'translateX(-100%)' }, { transform: 'translateX(300%)' }], {
            duration: 1400,
            iterations: Infinity,
            easing: 'ease-in-out',
          });
          return () => slide.cancel();
        }}
      />
    </div>
  );
}

const outcome = {
  succeeded: { label: 'Sync succeeded', variant: 'success' },
  partial: { label: 'Partial sync', variant: 'warning' },
  failed: { label: 'Sync failed', variant: 'destructive' },
} as const;

function SyncResult({ job, onDismiss }: { job: SyncJob; onDismiss: () => void }) {
  const status = job.status === 'succeeded' || job.status === 'partial' ? job.status : 'failed';
  const { counts } = job;
  return (
    <div data-testid="sync-result" data-status={status} className="grid gap-2 rounded-md border bg-muted/40 px-3 py-2.5 text-sm">
      <div className="flex items-center justify-between gap-2">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <Badge variant={outcome[status].variant}>{outcome[status].label}</Badge>
          {job.durationMs != null && <span className="text-xs text-muted-foreground">in {formatDuration(job.durationMs)}</span>}
        </div>
        <DismissButton onClick={onDismiss} />
      </div>
      {(status !== 'failed' || counts.added + counts.updated + counts.removed > 0) && (
        <p className="text-xs tabular-nums">
          <span className="font-medium">{formatCount(counts.added)}</span> added ·{' '}
          <span className="font-medium">{formatCount(counts.updated)}</span> updated ·{' '}
          <span className="font-medium">{formatCount(counts.removed)}</span> removed
          {status !== 'failed' && (
            <span className="text-muted-foreground">
              {' '}
              — now {formatCount(counts.live)} live, {formatCount(counts.vod)} movies, {formatCount(counts.series)} series in{' '}
              {formatCount(counts.categories)} categories
            </span>
          )}
        </p>
      )}
      {status === 'failed' && !job.error && <p className="text-xs text-muted-foreground">Nothing was changed.</p>}
      {job.error && (
        <p
          data-testid="sync-error"
          className="rounded-md border border-destructive/20 bg-destructive/5 px-2.5 py-1.5 text-xs break-words whitespace-pre-wrap text-destructive"
        >
          {job.error}
        </p>
      )}
    </div>
  );
}

function DismissButton({ onClick }: { onClick: () => void }) {
  return (
    <button
      type="button"
      data-testid="dismiss-sync"
      onClick={onClick}
      aria-label="Dismiss"
      className="-mr-1 shrink-0 rounded-sm p-0.5 text-muted-foreground opacity-70 hover:opacity-100"
    >
      <XIcon className="size-3.5" />
    </button>
  );
}
