'use client';

import { useEffect, useState } from 'react';
import { ChevronDownIcon, HistoryIcon } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { callApi, describeApiError } from '../api-client';
import { formatDuration, RelativeTime } from '../date-time';
import { formatCount } from './format';
import { syncHistorySchema, type SyncHistoryJob } from './sync-job';

/** How many of an upstream's recent syncs the card lists. */
const HISTORY_SIZE = 10;

const STATUS = {
  queued: { label: 'Queued', variant: 'muted' },
  running: { label: 'Running', variant: 'muted' },
  succeeded: { label: 'Succeeded', variant: 'success' },
  partial: { label: 'Partial', variant: 'warning' },
  failed: { label: 'Failed', variant: 'destructive' },
} as const;

type Load = { kind: 'loading' } | { kind: 'done'; jobs: SyncHistoryJob[]; total: number } | { kind: 'error'; message: string };

/**
 * An upstream's recent sync jobs (GET /api/sync/jobs?upstreamId=), newest first: status, when, how
 * long, what changed and the error; loaded when opened and again whenever `refreshKey` changes (a
 * sync finished).
 */
export function SyncHistory({ upstreamId, upstreamName, refreshKey }: { upstreamId: string; upstreamName: string; refreshKey: string }) {
  const [open, setOpen] = useState(false);
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const listId = `sync-history-${upstreamId}`;

  useEffect(() => {
    if (!open) return;
    let stale = false;
    callApi(`/api/sync/jobs?upstreamId=${encodeURIComponent(upstreamId)}&pageSize=${HISTORY_SIZE}`)
      .then((answer) => {
        if (stale) return;
        const parsed = syncHistorySchema.safeParse(answer);
        setLoad(parsed.success ? { kind: 'done', jobs: parsed.data.items, total: parsed.data.total } : { kind: 'error', message: 'The server gave an unexpected answer.' });
      })
      .catch((err: unknown) => !stale && setLoad({ kind: 'error', message: describeApiError(err) }));
    return () => {
      stale = true;
    };
  }, [open, upstreamId, refreshKey]);

  return (
    <div className="grid gap-2" data-testid="sync-history">
      <Button
        type="button"
        size="sm"
        variant="ghost"
        className="-ml-2 w-fit"
        aria-expanded={open}
        aria-controls={listId}
        data-testid="sync-history-toggle"
        onClick={() => setOpen((o) => !o)}
      >
        <HistoryIcon /> Sync history<span className="sr-only"> of {upstreamName}</span>
        <ChevronDownIcon className={open ? 'rotate-180 transition-transform' : 'transition-transform'} aria-hidden />
      </Button>
      {open && (
        <div id={listId}>
          {load.kind === 'loading' ? (
            <p className="text-xs text-muted-foreground">Loading…</p>
          ) : load.kind === 'error' ? (
            <p className="text-xs text-destructive" role="alert">
              {load.message}
            </p>
          ) : load.jobs.length === 0 ? (
            <p className="text-xs text-muted-foreground" data-testid="sync-history-empty">
              Never synced.
            </p>
          ) : (
            <>
              <ol className="grid gap-1.5" aria-label={`Recent syncs of ${upstreamName}`}>
                {load.jobs.map((job) => (
                  <HistoryRow key={job.id} job={job} />
                ))}
              </ol>
              {load.total > load.jobs.length && (
                <p className="mt-1.5 text-xs text-muted-foreground">
                  The last {load.jobs.length} of {formatCount(load.total)} syncs.
                </p>
              )}
            </>
          )}
        </div>
      )}
    </div>
  );
}

function HistoryRow({ job }: { job: SyncHistoryJob }) {
  const status = STATUS[job.status];
  const { counts } = job;
  const changed = counts.added + counts.updated + counts.removed > 0;
  return (
    <li
      data-testid="sync-history-row"
      data-status={job.status}
      className="grid min-w-0 gap-1 rounded-md border bg-background px-3 py-2 text-xs"
    >
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <Badge variant={status.variant}>{status.label}</Badge>
        <RelativeTime value={job.startedAt ?? job.createdAt} />
        {job.durationMs != null && (
          <span className="text-muted-foreground" data-testid="sync-history-duration">
            in {formatDuration(job.durationMs)}
          </span>
        )}
        <span className="text-muted-foreground">· {job.trigger === 'schedule' ? 'scheduled' : 'manual'}</span>
      </div>
      {(job.status === 'succeeded' || job.status === 'partial' || changed) && (
        <p className="tabular-nums" data-testid="sync-history-counts">
          {formatCount(counts.added)} added · {formatCount(counts.updated)} updated · {formatCount(counts.removed)} removed
          {job.status !== 'failed' && (
            <span className="text-muted-foreground">
              {' '}
              — {formatCount(counts.live)} live, {formatCount(counts.vod)} movies, {formatCount(counts.series)} series
            </span>
          )}
        </p>
      )}
      {job.error && (
        <p data-testid="sync-history-error" className="break-words whitespace-pre-wrap text-destructive">
          {job.error}
        </p>
      )}
    </li>
  );
}
