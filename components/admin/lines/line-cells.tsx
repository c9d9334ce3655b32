'use client';

import { Badge } from '@/components/ui/badge';
import type { LineView } from '@/lib/lines/schemas';
import { cn } from '@/lib/utils';
import { DateOnly, RelativeTime, useTimeLeft, WEEK_MS } from '../date-time';
import { StopLineViewersButton } from './stop-line-viewers-button';

const STATUS_VARIANT = {
  Active: 'success',
  Expired: 'warning',
  Disabled: 'muted',
  Banned: 'destructive',
} as const;

export function LineStatusBadge({ status }: { status: LineView['effectiveStatus'] }) {
  return (
    <Badge variant={STATUS_VARIANT[status]} data-testid="line-status">
      {status}
    </Badge>
  );
}

export function TrialBadge() {
  return (
    <Badge variant="outline" data-testid="line-trial">
      Trial
    </Badge>
  );
}

/** Streams open now out of the limit (live: the page refreshes on every open and close); admins can stop them. */
export function Connections({ line, canStop = false }: { line: LineView; canStop?: boolean }) {
  const max = line.maxConnections === 0 ? 'unlimited' : line.maxConnections;
  const full = line.maxConnections > 0 && line.activeConnections >= line.maxConnections;
  return (
    <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
      <span className={cn('tabular-nums', full && 'font-medium text-amber-700 dark:text-amber-400')} data-testid="line-connections">
        {line.activeConnections} / {max}
      </span>
      {canStop && line.activeConnections > 0 && <StopLineViewersButton line={line} />}
    </span>
  );
}

/** When the account was last let in, and from which address. */
export function LastSeen({ line }: { line: LineView }) {
  return (
    <span className="grid gap-0.5">
      <span data-testid="line-last-seen">
        <RelativeTime value={line.lastSeenAt} />
      </span>
      {line.lastIp && (
        <span className="max-w-40 truncate font-mono text-xs text-muted-foreground" title={line.lastIp} data-testid="line-last-ip">
          {line.lastIp}
        </span>
      )}
    </span>
  );
}

/** "2 IPs banned" next to the status, when the account has any. */
export function BannedIpsNote({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <span className="text-xs text-muted-foreground" data-testid="line-banned-ips">
      {count === 1 ? '1 IP banned' : `${count} IPs banned`}
    </span>
  );
}

/** "never", or the date; amber from a week before it. */
export function Expiry({ value }: { value: string | null }) {
  const left = useTimeLeft(value);
  if (!value) return <span className="text-muted-foreground">never</span>;
  const soon = left !== null && left < WEEK_MS;
  return (
    <span data-expiring={soon || undefined} className={cn(soon && 'font-medium text-amber-700 dark:text-amber-400')}>
      <DateOnly value={value} />
    </span>
  );
}

export function Formats({ formats }: { formats: LineView['allowedOutputFormats'] }) {
  return (
    <span className="inline-flex gap-1">
      {formats.map((f) => (
        <Badge key={f} variant="outline" className="font-mono font-normal">
          {f}
        </Badge>
      ))}
    </span>
  );
}

export const ON_LIMIT_LABEL: Record<LineView['onLimit'], string> = {
  kick_oldest: 'Kick oldest viewer',
  refuse: 'Refuse new connection',
};

export const ON_LIMIT_SHORT: Record<LineView['onLimit'], string> = {
  kick_oldest: 'Kick oldest',
  refuse: 'Refuse new',
};

/** The account's bouquets by name, in order; "Whole catalog" without any. */
export function LineBouquets({ ids, names }: { ids: readonly string[]; names: Record<string, string> }) {
  if (ids.length === 0) return <span className="text-muted-foreground">Whole catalog</span>;
  const text = ids.map((id) => names[id] ?? 'removed').join(', ');
  return (
    <span className="block max-w-48 truncate" title={text} data-testid="line-bouquet-names">
      {text}
    </span>
  );
}
