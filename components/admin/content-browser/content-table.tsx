'use client';

import { useState } from 'react';
import { CopyButton } from '@/components/admin/lines/copy-field';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { ContentItemView } from '@/lib/content-browser/schemas';
import { ContentDetails } from './content-details';
import { TYPE_LABEL } from './content-labels';
import { ContentThumb } from './content-thumb';

/** One row per item; a click (or Enter) opens its details and route. */
export function ContentTable({ items }: { items: ContentItemView[] }) {
  const [open, setOpen] = useState<ContentItemView | null>(null);
  return (
    <>
      <Card className="overflow-hidden py-0">
        <Table data-testid="content-table">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead className="w-0">
                <span className="sr-only">Icon</span>
              </TableHead>
              <TableHead>Name</TableHead>
              <TableHead>Type</TableHead>
              <TableHead>Source</TableHead>
              <TableHead className="hidden lg:table-cell">Category</TableHead>
              <TableHead className="hidden md:table-cell">Year</TableHead>
              <TableHead className="hidden md:table-cell">Rating</TableHead>
              <TableHead className="text-right">Public id</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {items.map((item) => (
              <TableRow
                key={item.publicId}
                tabIndex={0}
                className="cursor-pointer"
                onClick={() => setOpen(item)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && e.target === e.currentTarget) setOpen(item);
                }}
                aria-label={`${item.name}: show details and route`}
                data-testid="content-row"
                data-public-id={item.publicId}
              >
                <TableCell className="py-1.5">
                  <ContentThumb src={item.thumb} type={item.type} />
                </TableCell>
                <TableCell>
                  <span className="flex items-center gap-2">
                    <span className="max-w-80 truncate font-medium" title={item.name} data-testid="content-name">
                      {item.name}
                    </span>
                    {item.stale ? (
                      <Badge variant="warning" title="No longer in its upstream’s list">
                        Stale
                      </Badge>
                    ) : (
                      !item.served && <Badge variant="muted">Hidden</Badge>
                    )}
                  </span>
                </TableCell>
                <TableCell className="text-muted-foreground">{TYPE_LABEL[item.type]}</TableCell>
                <TableCell>
                  {item.source === 'local' ? (
                    <Badge variant="success">Local</Badge>
                  ) : (
                    <span className="block max-w-40 truncate text-muted-foreground" title={item.upstreamName ?? undefined}>
                      {item.upstreamName}
                    </span>
                  )}
                </TableCell>
                <TableCell className="hidden max-w-48 truncate text-muted-foreground lg:table-cell" title={item.category ?? 'Uncategorized'}>
                  {item.category ?? <span className="italic">Uncategorized</span>}
                </TableCell>
                <TableCell className="hidden text-muted-foreground tabular-nums md:table-cell">{item.year ?? '–'}</TableCell>
                <TableCell className="hidden text-muted-foreground tabular-nums md:table-cell">{item.rating?.toFixed(1) ?? '–'}</TableCell>
                <TableCell className="py-1.5 text-right">
                  {/* The copy button must not open the details too. */}
                  <span className="inline-flex items-center gap-1.5" onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()} role="presentation">
                    <code className="font-mono text-[13px] tabular-nums" data-testid="content-public-id">
                      {item.publicId}
                    </code>
                    <CopyButton value={String(item.publicId)} label={`Copy public id of ${item.name}`} testId="copy-public-id" />
                  </span>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Card>
      <ContentDetails item={open} onClose={() => setOpen(null)} />
    </>
  );
}
