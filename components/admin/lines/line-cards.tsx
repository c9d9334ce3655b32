'use client';

import { Card } from '@/components/ui/card';
import type { LineView } from '@/lib/lines/schemas';
import { LineActions, type LineActionHandlers } from './line-actions';
import { DateOnly } from '../date-time';
import { BannedIpsNote, Connections, Expiry, Formats, LastSeen, LineBouquets, LineStatusBadge, ON_LIMIT_SHORT, TrialBadge } from './line-cells';

/** Phones: one card per account, the same facts as the table's columns. */
export function LineCards({ lines, handlers, bouquetNames }: { lines: LineView[]; handlers: LineActionHandlers | null; bouquetNames: Record<string, string> }) {
  return (
    <ul className="grid gap-3" data-testid="lines-cards">
      {lines.map((line) => (
        <li key={line.id}>
          <Card className="grid gap-3 p-4" data-testid="line-row" data-username={line.username}>
            <div className="flex items-start justify-between gap-3">
              <div className="min-w-0 font-mono text-sm font-medium break-all">{line.username}</div>
              <div className="flex shrink-0 items-center gap-1.5">
                {line.isTrial && <TrialBadge />}
                <LineStatusBadge status={line.effectiveStatus} />
              </div>
            </div>
            <BannedIpsNote count={line.bannedIps.length} />
            <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
              <Fact label="Connections">
                <Connections line={line} canStop={handlers !== null} />
              </Fact>
              <Fact label="Last seen">
                <LastSeen line={line} />
              </Fact>
              <Fact label="Expires">
                <Expiry value={line.expiresAt} />
              </Fact>
              <Fact label="Formats">
                <Formats formats={line.allowedOutputFormats} />
              </Fact>
              <Fact label="Bouquets">
                <LineBouquets ids={line.bouquetIds} names={bouquetNames} />
              </Fact>
              <Fact label="On limit">{ON_LIMIT_SHORT[line.onLimit]}</Fact>
              <Fact label="Created">
                <DateOnly value={line.createdAt} />
              </Fact>
              {line.notes && (
                <Fact label="Notes" className="col-span-2">
                  <span className="line-clamp-2 text-muted-foreground" title={line.notes}>
                    {line.notes}
                  </span>
                </Fact>
              )}
            </dl>
            {handlers && (
              <div className="border-t pt-3">
                <LineActions line={line} handlers={handlers} labelled />
              </div>
            )}
          </Card>
        </li>
      ))}
    </ul>
  );
}

function Fact({ label, className, children }: { label: string; className?: string; children: React.ReactNode }) {
  return (
    <div className={className}>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="mt-0.5">{children}</dd>
    </div>
  );
}
