'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import {
  EllipsisVerticalIcon,
  PencilIcon,
  PlugZapIcon,
  PowerIcon,
  PowerOffIcon,
  RefreshCwIcon,
  ServerIcon,
  SparklesIcon,
  Trash2Icon,
  TriangleAlertIcon,
  UserIcon,
  XIcon,
} from 'lucide-react';
import { toast } from 'sonner';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import type { UpstreamView } from '@/lib/upstream/server-schemas';
import { cn } from '@/lib/utils';
import { callApi, describeApiError } from '../api-client';
import { formatCount, formatInterval, hostOf } from './format';
import type { SyncJob } from './sync-job';
import { SyncHistory } from './sync-history';
import { SyncPanel, SyncProgress } from './sync-panel';
import { testResultSchema, type TestResult } from './test-result';
import { TestResultBox } from './test-result-box';
import { ExpiryDate, RelativeTime } from '../date-time';

/** The upstream's own guide (its EPG source): programmes and channels stored at its last refresh. */
export interface UpstreamGuide {
  programmes: number;
  channels: number;
  lastRefreshAt: string | null;
}

export interface TrackedJob {
  /** Null while POST /api/sync/now has not answered yet. */
  id: string | null;
  initial: SyncJob | null;
  running: boolean;
}

interface UpstreamCardProps {
  upstream: UpstreamView;
  canManage: boolean;
  job: TrackedJob | null;
  onSync: () => void;
  onSyncFinished: (job: SyncJob) => void;
  onSyncDismiss: () => void;
  onEdit: () => void;
  onDelete: () => void;
  guide: UpstreamGuide | null;
  /** Just added on this page: scrolled into view, offering its first sync. */
  isNew?: boolean;
  onDismissNew?: () => void;
}

export function UpstreamCard({ upstream, canManage, job, onSync, onSyncFinished, onSyncDismiss, onEdit, onDelete, guide, isNew = false, onDismissNew }: UpstreamCardProps) {
  const router = useRouter();
  const [busy, setBusy] = useState<'test' | 'toggle' | null>(null);
  const [testResult, setTestResult] = useState<TestResult | null>(null);
  const syncing = job?.running ?? false;

  async function test() {
    setBusy('test');
    setTestResult(null);
    try {
      const answer = testResultSchema.safeParse(
        await callApi(`/api/upstream/${encodeURIComponent(upstream.id)}/test`, { method: 'POST', body: {} }),
      );
      if (answer.success) {
        setTestResult(answer.data);
        // A successful test refreshes the stored expiry and connection limit.
        if (answer.data.success) router.refresh();
      } else {
        toast.error('The server gave an unexpected answer to the connection test.');
      }
    } catch (err) {
      toast.error(describeApiError(err));
    } finally {
      setBusy(null);
    }
  }

  async function toggleActive() {
    setBusy('toggle');
    try {
      await callApi(`/api/upstream/${encodeURIComponent(upstream.id)}`, { method: 'PATCH', body: { isActive: !upstream.isActive } });
      toast.success(`Upstream ${upstream.name} ${upstream.isActive ? 'disabled' : 'enabled'}`);
      router.refresh();
    } catch (err) {
      toast.error(describeApiError(err));
    } finally {
      setBusy(null);
    }
  }

  const limit = upstream.maxConnections ?? upstream.providerMaxConnections;
  return (
    <Card
      data-testid="upstream-row"
      data-upstream-id={upstream.id}
      data-last-sync-status={upstream.lastSyncStatus ?? 'never'}
      data-new={isNew || undefined}
      className={cn('scroll-mt-20 overflow-hidden', isNew && 'ring-2 ring-primary/60')}
    >
      <div className="flex flex-col gap-3 p-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0 space-y-1">
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <h2 className="min-w-0 truncate text-base font-semibold" title={upstream.name}>
              {upstream.name}
            </h2>
            <StatusBadges upstream={upstream} />
          </div>
          <p className="flex flex-wrap items-center gap-x-3 gap-y-0.5 text-sm text-muted-foreground">
            <span className="inline-flex min-w-0 items-center gap-1.5" title={upstream.serverUrl}>
              <ServerIcon className="size-3.5 shrink-0" aria-hidden />
              <span className="truncate font-mono text-xs">{hostOf(upstream.serverUrl)}</span>
            </span>
            {upstream.kind === 'm3u' ? (
              <span className="truncate font-mono text-xs" data-testid="upstream-kind" title={upstream.playlistUrl ?? undefined}>
                M3U playlist
              </span>
            ) : (
              <span className="inline-flex min-w-0 items-center gap-1.5">
                <UserIcon className="size-3.5 shrink-0" aria-hidden />
                <span className="sr-only">Username</span>
                <span className="truncate font-mono text-xs">{upstream.username}</span>
              </span>
            )}
          </p>
        </div>
        {canManage && (
          <div className="flex shrink-0 items-center gap-1.5">
            <Button size="sm" variant="outline" data-testid="sync-now" disabled={syncing} onClick={onSync}>
              <RefreshCwIcon className={syncing ? 'animate-spin' : undefined} /> {syncing ? 'Syncing…' : 'Sync now'}
            </Button>
            <Button size="sm" variant="outline" data-testid="test-upstream" disabled={busy === 'test'} onClick={() => void test()}>
              <PlugZapIcon /> {busy === 'test' ? 'Testing…' : 'Test'}
            </Button>
            <DropdownMenu>
              <DropdownMenuTrigger asChild>
                <Button size="icon-sm" variant="ghost" aria-label={`More actions for ${upstream.name}`} data-testid="upstream-actions">
                  <EllipsisVerticalIcon />
                </Button>
              </DropdownMenuTrigger>
              <DropdownMenuContent align="end">
                <DropdownMenuItem onSelect={onEdit} data-testid="edit-upstream">
                  <PencilIcon /> Edit
                </DropdownMenuItem>
                <DropdownMenuItem disabled={busy === 'toggle'} onSelect={() => void toggleActive()} data-testid="toggle-upstream">
                  {upstream.isActive ? <PowerOffIcon /> : <PowerIcon />} {upstream.isActive ? 'Disable' : 'Enable'}
                </DropdownMenuItem>
                <DropdownMenuSeparator />
                <DropdownMenuItem variant="destructive" onSelect={onDelete} data-testid="delete-upstream">
                  <Trash2Icon /> Delete
                </DropdownMenuItem>
              </DropdownMenuContent>
            </DropdownMenu>
          </div>
        )}
      </div>

      {isNew && canManage && !job && (
        <div
          data-testid="new-upstream-hint"
          role="status"
          className="flex flex-col gap-2 border-t bg-primary/5 px-4 py-3 text-sm sm:flex-row sm:items-center sm:justify-between"
        >
          <p className="flex min-w-0 items-start gap-2">
            <SparklesIcon className="mt-0.5 size-4 shrink-0 text-primary" aria-hidden />
            <span>Added. Sync it now to load its channels, movies and series.</span>
          </p>
          <div className="flex shrink-0 items-center gap-1.5">
            <Button size="sm" data-testid="sync-new-upstream" onClick={onSync}>
              <RefreshCwIcon /> Sync now
            </Button>
            <Button size="icon-sm" variant="ghost" aria-label="Dismiss" onClick={onDismissNew}>
              <XIcon />
            </Button>
          </div>
        </div>
      )}

      <dl className="grid grid-cols-2 gap-x-4 gap-y-3 border-t bg-muted/20 px-4 py-3 text-sm lg:grid-cols-6">
        <Stat label="Content" className="col-span-2">
          <span
            data-testid="upstream-counts"
            data-live={upstream.counts.live}
            data-vod={upstream.counts.vod}
            data-series={upstream.counts.series}
            className="flex flex-wrap gap-x-2 tabular-nums"
          >
            <span>
              <strong className="font-semibold">{formatCount(upstream.counts.live)}</strong> live
            </span>
            <span aria-hidden className="text-muted-foreground">/</span>
            <span>
              <strong className="font-semibold">{formatCount(upstream.counts.vod)}</strong> movies
            </span>
            <span aria-hidden className="text-muted-foreground">/</span>
            <span>
              <strong className="font-semibold">{formatCount(upstream.counts.series)}</strong> series
            </span>
          </span>
        </Stat>
        <Stat label="Last sync">
          <span className="flex flex-wrap items-baseline gap-x-1.5">
            <RelativeTime value={upstream.lastSyncAt} fallback="Never synced" />
            {upstream.lastSyncStatus && <LastResult status={upstream.lastSyncStatus} />}
          </span>
        </Stat>
        <Stat label="Account expires">
          <ExpiryDate value={upstream.expiresAt} known={upstream.lastSuccessAt !== null} />
        </Stat>
        <Stat label="Connections in use">
          <span className="tabular-nums" title={upstream.maxConnections !== null ? 'Limit set on this panel' : 'Limit reported by the provider'}>
            {upstream.activeConnections} / {limit === null || limit === 0 ? '∞' : limit}
          </span>
        </Stat>
        <Stat label="Guide">
          <span data-testid="upstream-guide" data-programmes={guide?.programmes ?? 0} className="tabular-nums" title={guide?.channels ? `${formatCount(guide.channels)} channels` : undefined}>
            {guide && guide.programmes > 0 ? (
              <>
                <strong className="font-semibold">{formatCount(guide.programmes)}</strong> programmes
              </>
            ) : (
              <span className="text-muted-foreground">{guide?.lastRefreshAt ? 'No programmes' : 'Not loaded yet'}</span>
            )}
          </span>
        </Stat>
      </dl>

      {(upstream.lastError || job || testResult) && (
        <div className="grid gap-3 border-t px-4 py-3">
          {job &&
            (job.id ? (
              <SyncPanel key={job.id} jobId={job.id} initial={job.initial} onFinished={onSyncFinished} onDismiss={onSyncDismiss} />
            ) : (
              <SyncProgress job={null} />
            ))}
          {/* While a sync panel is shown it carries the newest outcome, error included. */}
          {upstream.lastError && !job && (
            <div
              data-testid="upstream-last-error"
              className="flex gap-2 rounded-md border border-destructive/20 bg-destructive/5 px-3 py-2 text-xs text-destructive/90"
            >
              <TriangleAlertIcon className="mt-px size-3.5 shrink-0" aria-hidden />
              <p className="min-w-0 break-words whitespace-pre-wrap">
                <span className="font-medium">Last error: </span>
                {upstream.lastError}
              </p>
            </div>
          )}
          {testResult && <TestResultBox result={testResult} onDismiss={() => setTestResult(null)} />}
        </div>
      )}

      <div className="border-t px-4 py-2">
        <SyncHistory upstreamId={upstream.id} upstreamName={upstream.name} refreshKey={`${upstream.lastSyncAt ?? ''}|${job?.running ? 'running' : 'idle'}`} />
      </div>

      <p className="border-t px-4 py-2 text-xs text-muted-foreground">
        Priority {upstream.priority} · {formatInterval(upstream.syncIntervalMinutes)} · timeout {upstream.timeoutSeconds} s
        {upstream.userAgent ? ' · custom user agent' : ''}
      </p>
    </Card>
  );
}

function Stat({ label, children, className }: { label: string; children: React.ReactNode; className?: string }) {
  return (
    <div className={cn('min-w-0 space-y-0.5', className)}>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </div>
  );
}

function StatusBadges({ upstream }: { upstream: UpstreamView }) {
  return (
    <>
      {upstream.isActive ? <Badge variant="success">Active</Badge> : <Badge variant="muted">Disabled</Badge>}
      {upstream.lastSyncStatus === 'failed' && <Badge variant="destructive">Sync failed</Badge>}
      {upstream.lastSyncStatus === 'partial' && <Badge variant="warning">Partial sync</Badge>}
    </>
  );
}

function LastResult({ status }: { status: string }) {
  const tone =
    status === 'failed' ? 'text-destructive' : status === 'partial' ? 'text-amber-700 dark:text-amber-400' : 'text-muted-foreground';
  return <span className={cn('text-xs', tone)}>{status}</span>;
}
