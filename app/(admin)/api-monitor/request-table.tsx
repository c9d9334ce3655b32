'use client';

import { ActivityIcon } from 'lucide-react';
import { TimeOfDay } from '@/components/admin/date-time';
import { EmptyState } from '@/components/admin/empty-state';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { RequestEntry } from './types';

function statusVariant(status: number) {
  if (status >= 500) return 'destructive' as const;
  if (status >= 400 || status === 499) return 'warning' as const;
  if (status >= 300) return 'soft' as const;
  return 'success' as const;
}

/** Recent requests, newest on top; paths arrive masked from the server. */
export function RequestTable({ requests, filtered }: { requests: RequestEntry[]; filtered: boolean }) {
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
              {r.path}
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
