'use client';

import { LayersIcon } from 'lucide-react';
import { TableCell, TableRow } from '@/components/ui/table';
import type { LineView } from '@/lib/lines/schemas';
import { LineActions, type LineActionHandlers } from './line-actions';
import { DataTable } from '../data-table';
import { DateOnly } from '../date-time';
import { BannedIpsNote, Connections, Expiry, Formats, LastSeen, LineBouquets, LineStatusBadge, ON_LIMIT_SHORT, TrialBadge } from './line-cells';

/** Desktop: one row per account, its notes under the username. `handlers` is null for viewers, who get no buttons. */
export function LinesTable({ lines, handlers, bouquetNames }: { lines: LineView[]; handlers: LineActionHandlers | null; bouquetNames: Record<string, string> }) {
  return (
    <DataTable testId="lines-table" columns={['Username', 'Status', 'Activity', 'Expires', 'Formats', 'On limit', 'Created']} actions={handlers !== null}>
      {lines.map((line) => (
        <TableRow key={line.id} data-testid="line-row" data-username={line.username}>
          <TableCell>
            <span className="flex items-center gap-2">
              <span className="max-w-52 truncate font-mono text-[13px] font-medium" title={line.username}>
                {line.username}
              </span>
              {line.isTrial && <TrialBadge />}
            </span>
            {line.notes && (
              <span className="mt-0.5 block max-w-64 truncate text-xs text-muted-foreground" title={line.notes} data-testid="line-notes">
                {line.notes}
              </span>
            )}
            {/* Under the username, as the notes: a column of its own would make the table scroll at 1280 px. */}
            {line.bouquetIds.length > 0 && (
              <span className="mt-0.5 flex items-center gap-1 text-xs text-muted-foreground">
                <LayersIcon className="size-3 shrink-0" aria-hidden />
                <span className="sr-only">Bouquets:</span>
                <LineBouquets ids={line.bouquetIds} names={bouquetNames} />
              </span>
            )}
          </TableCell>
          <TableCell>
            <span className="grid justify-items-start gap-1">
              <LineStatusBadge status={line.effectiveStatus} />
              <BannedIpsNote count={line.bannedIps.length} />
            </span>
          </TableCell>
          {/* One column for both: a column each would make the table scroll sideways at 1280 px. */}
          <TableCell>
            <span className="grid gap-1">
              <Connections line={line} canStop={handlers !== null} />
              <LastSeen line={line} />
            </span>
          </TableCell>
          <TableCell>
            <Expiry value={line.expiresAt} />
          </TableCell>
          <TableCell>
            <Formats formats={line.allowedOutputFormats} />
          </TableCell>
          <TableCell className="text-muted-foreground">{ON_LIMIT_SHORT[line.onLimit]}</TableCell>
          <TableCell className="text-muted-foreground">
            <DateOnly value={line.createdAt} />
          </TableCell>
          {handlers && (
            <TableCell className="py-1.5 text-right">
              <LineActions line={line} handlers={handlers} />
            </TableCell>
          )}
        </TableRow>
      ))}
    </DataTable>
  );
}
