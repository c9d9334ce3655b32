import type { ReactNode } from 'react';
import { TableHead, TableHeader, TableRow } from '@/components/ui/table';

/** A table's header: one column head a label, then any further heads (`children`). */
export function TableHeadRow({ labels, children }: { labels: string[]; children?: ReactNode }) {
  return (
    <TableHeader>
      <TableRow className="hover:bg-transparent">
        {labels.map((label) => (
          <TableHead key={label}>{label}</TableHead>
        ))}
        {children}
      </TableRow>
    </TableHeader>
  );
}
