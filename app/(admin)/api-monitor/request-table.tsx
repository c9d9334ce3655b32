'use client';

import { ActivityIcon } from 'lucide-react';
import { TimeOfDay } from '@/components/admin/date-time';
import { EmptyState } from '@/components/admin/empty-state';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { useIsDesktop } from '@/components/admin/use-is-desktop';
import type { RequestEntry } from './types';

function statusVariant(status: number) {
  if (status >= 500) return 'destructive' as const;
  if (status >= 400 || status === 499) return 'warning' as const;
  if (status >= 300) return 'soft' as const;
  return 'success' as const;
}

/** Recent requests, newest on top; paths arrive masked from the server. A row opens its story (the drawer). */
export function RequestTable({ requests, filtered, onOpen }: { requests: RequestEntry[]; filtered: boolean; onOpen: (r: RequestEntry) => void }) {
  const desktop = useIsDesktop();
  if (requests.length === 0) {
    return (
      <div className="p-6">
        <EmptyState icon={ActivityIcon} title={filtered ? 'No request matches these filters' : 'No player requests yet'}>
          {filtered
            ? 'Clear the account or status filter, or wait for the next request.'
            : 'Point a player at this panel with one of your player accounts: its logins, list loads and streams appear here as they happen.'}
        </EmptyState>
      </div>
    );
  }
  if (!desktop) {
    // Phones: one card per request, nothing wider than the screen.
    return (
      <ul className="divide-y" data-testid="requests-table">
        {requests.map((r, i) => (
          <li key={`${r.at}-${i}-${r.path}`} data-testid="request-row" data-line={r.line ?? ''} data-action={r.action} data-status={r.status}>
            <button type="button" className="grid w-full gap-1 px-3 py-2 text-left text-sm hover:bg-muted/50 focus-visible:bg-muted/50 focus-visible:outline-none" onClick={() => onOpen(r)} data-testid="open-request">
              <span className="flex items-center gap-2">
                <Badge variant={statusVariant(r.status)} className="tabular-nums">
                  {r.status}
                </Badge>
                <span className="min-w-0 truncate font-mono text-xs">{r.action}</span>
                <span className="ml-auto text-xs text-muted-foreground">
                  <TimeOfDay value={r.at} />
                </span>
              </span>
              <span className="truncate text-xs text-muted-foreground">
                {r.line ?? '—'} · {r.durationMs} ms · {r.ip}
              </span>
              {r.reason ? <span className="truncate text-xs text-destructive">{r.reason}</span> : null}
            </button>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <Table data-testid="requests-table">
      <TableHeader>
        <TableRow>
          <TableHead className="w-20">Time</TableHead>
          <TableHead>Account</TableHead>
          <TableHead>Action</TableHead>
          <TableHead>Path</TableHead>
          <TableHead className="text-right">Status</TableHead>
          <TableHead className="text-right">Duration</TableHead>
          <TableHead>IP</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {requests.map((r, i) => (
          <TableRow key={`${r.at}-${i}-${r.path}`} data-testid="request-row" data-line={r.line ?? ''} data-action={r.action} data-status={r.status}>
            <TableCell>
              <TimeOfDay value={r.at} />
            </TableCell>
            <TableCell className="max-w-32 truncate">{r.line ?? <span className="text-muted-foreground">—</span>}</TableCell>
            <TableCell className="font-mono text-xs">{r.action}</TableCell>
            <TableCell className="max-w-md truncate font-mono text-xs" title={r.path}>
              <button type="button" className="max-w-full truncate text-left underline-offset-4 hover:underline focus-visible:underline focus-visible:outline-none" onClick={() => onOpen(r)} data-testid="open-request">
                {r.path}
              </button>
              {r.reason ? <span className="block truncate font-sans text-destructive">{r.reason}</span> : null}
            </TableCell>
            <TableCell className="text-right">
              <Badge variant={statusVariant(r.status)} className="tabular-nums">
                {r.status}
              </Badge>
            </TableCell>
            <TableCell className="text-right tabular-nums">{r.durationMs} ms</TableCell>
            <TableCell className="font-mono text-xs" title={r.userAgent ?? undefined}>
              {r.ip}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
