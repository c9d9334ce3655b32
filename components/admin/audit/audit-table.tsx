import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableRow } from '@/components/ui/table';
import type { AuditEntry } from '@/lib/audit/list';
import { DateTime } from '../date-time';
import { TableHeadRow } from '../table-head-row';

/** Admin changes, newest first; each row opens to its before / input / after (secrets masked when written). */
export function AuditTable({ items }: { items: AuditEntry[] }) {
  if (items.length === 0) return <p className="text-sm text-muted-foreground" data-testid="audit-empty">No changes match. Changes made through the admin API and its pages appear here.</p>;
  return (
    <Card className="overflow-hidden py-0">
      <Table data-testid="audit-table">
        <TableHeadRow labels={['When', 'Who', 'What', 'From', 'Changes']} />
        <TableBody>
          {items.map((e) => (
            <TableRow key={e.id} data-testid="audit-row" className="align-top">
              <TableCell className="whitespace-nowrap">
                <DateTime value={e.at} />
              </TableCell>
              <TableCell>
                <span className="font-medium">{e.actor}</span> {e.actorKind === 'token' && <Badge variant="secondary">token</Badge>}
              </TableCell>
              <TableCell>
                <Badge variant="outline">{e.action}</Badge> <span>{e.entity}</span>
                {e.entityId && <span className="block max-w-56 truncate text-xs text-muted-foreground">{e.entityId}</span>}
              </TableCell>
              <TableCell className="text-xs text-muted-foreground">{e.ip ?? '—'}</TableCell>
              <TableCell className="max-w-[32rem]">
                <details>
                  <summary className="cursor-pointer text-sm">Show</summary>
                  <pre className="mt-2 max-h-80 overflow-auto rounded bg-muted p-2 text-xs">{JSON.stringify(e.changes, null, 2)}</pre>
                </details>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Card>
  );
}
