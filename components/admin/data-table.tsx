import type { ReactNode } from 'react';
import { Card } from '@/components/ui/card';
import { Table, TableBody, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { cn } from '@/lib/utils';

export type Column = string | { label: ReactNode; key: string; className?: string };

interface DataTableProps {
  testId: string;
  columns: readonly Column[];
  /** Adds the last, unlabelled column of row buttons. */
  actions?: boolean;
  /** A card around the table (list pages); false draws a plain border (inside dialogs). */
  card?: boolean;
  className?: string;
  /** The rows. */
  children: ReactNode;
}

/** The admin lists' table: its frame, the header row and the body. */
export function DataTable({ testId, columns, actions = false, card = true, className, children }: DataTableProps) {
  const table = (
    <Table data-testid={testId}>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          {columns.map((c) =>
            typeof c === 'string' ? (
              <TableHead key={c}>{c}</TableHead>
            ) : (
              <TableHead key={c.key} className={c.className}>
                {c.label}
              </TableHead>
            ),
          )}
          {actions && (
            <TableHead className="w-0 text-right">
              <span className="sr-only">Actions</span>
            </TableHead>
          )}
        </TableRow>
      </TableHeader>
      <TableBody>{children}</TableBody>
    </Table>
  );
  if (!card) return <div className={cn('overflow-x-auto rounded-md border', className)}>{table}</div>;
  return <Card className={cn('overflow-hidden py-0', className)}>{table}</Card>;
}
