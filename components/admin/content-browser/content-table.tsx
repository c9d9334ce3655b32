'use client';

import { useState } from 'react';
import { PencilIcon } from 'lucide-react';
import { CopyButton } from '@/components/admin/lines/copy-field';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Checkbox } from '@/components/ui/checkbox';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { ContentItemView } from '@/lib/content-browser/schemas';
import { BulkBar } from './bulk-bar';
import { ContentDetails } from './content-details';
import { ItemEditDialog } from './item-edit-dialog';
import { TYPE_LABEL } from './content-labels';
import { ContentThumb } from './content-thumb';

// Clicks on the row's own controls must not open the details too.
const stop = (e: React.SyntheticEvent) => e.stopPropagation();

/**
 * One row per item; a click (or Enter) opens its details and route. Admins also get a checkbox per
 * row (the bulk bar acts on the ticked ones) and an Edit button (name, hidden, category, number, logo, guide id).
 */
export function ContentTable({ items, canManage = false, bouquets = [] }: { items: ContentItemView[]; canManage?: boolean; bouquets?: { id: string; name: string }[] }) {
  const [open, setOpen] = useState<ContentItemView | null>(null);
  const [editing, setEditing] = useState<ContentItemView | null>(null);
  const [ticked, setTicked] = useState<number[]>([]);
  // The page's rows change under the selection (a save refreshes them): keep the ticks that are still shown.
  const selected = items.filter((i) => ticked.includes(i.publicId));
  const all = selected.length === items.length && items.length > 0;
  const tick = (id: number, on: boolean) => setTicked((t) => (on ? [...t.filter((x) => x !== id), id] : t.filter((x) => x !== id)));
  return (
    <>
      {canManage && selected.length > 0 && <BulkBar selected={selected} bouquets={bouquets} onClear={() => setTicked([])} />}
      {/* Phones: the icon, type and source columns go; what is left scrolls inside the card, never the page. */}
      <Card className="overflow-x-auto py-0">
        <Table data-testid="content-table">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              {canManage && (
                <TableHead className="w-0 pr-0">
                  <Checkbox
                    aria-label="Select every item on this page"
                    checked={all ? true : selected.length > 0 ? 'indeterminate' : false}
                    onCheckedChange={(on) => setTicked(on === true ? items.map((i) => i.publicId) : [])}
                    data-testid="select-all"
                  />
                </TableHead>
              )}
              <TableHead className="hidden w-0 sm:table-cell">
                <span className="sr-only">Icon</span>
              </TableHead>
              <TableHead>Name</TableHead>
              <TableHead className="hidden sm:table-cell">Type</TableHead>
              <TableHead className="hidden sm:table-cell">Source</TableHead>
              <TableHead className="hidden lg:table-cell">Category</TableHead>
              <TableHead className="hidden md:table-cell">Year</TableHead>
              <TableHead className="hidden md:table-cell">Rating</TableHead>
              <TableHead className="text-right">Public id</TableHead>
              {canManage && (
                <TableHead className="w-0">
                  <span className="sr-only">Edit</span>
                </TableHead>
              )}
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
                data-hidden={item.hidden || undefined}
              >
                {canManage && (
                  <TableCell className="py-1.5 pr-0" onClick={stop} onKeyDown={stop}>
                    <Checkbox
                      aria-label={`Select ${item.name}`}
                      checked={ticked.includes(item.publicId)}
                      onCheckedChange={(on) => tick(item.publicId, on === true)}
                      data-testid="select-item"
                    />
                  </TableCell>
                )}
                <TableCell className="hidden py-1.5 sm:table-cell">
                  <ContentThumb src={item.thumb} type={item.type} />
                </TableCell>
                <TableCell>
                  <span className="flex items-center gap-2">
                    <span className="max-w-80 truncate font-medium" title={item.name} data-testid="content-name">
                      {item.name}
                    </span>
                    {item.channelNumber !== null && (
                      <Badge variant="outline" className="font-normal tabular-nums" title="Channel number" data-testid="content-channel-number">
                        #{item.channelNumber}
                      </Badge>
                    )}
                    {item.hidden && (
                      <Badge variant="muted" data-testid="content-hidden">
                        Hidden
                      </Badge>
                    )}
                    {item.stale ? (
                      <Badge variant="warning" title="No longer in its upstream’s list">
                        Stale
                      </Badge>
                    ) : (
                      !item.served && <Badge variant="muted">Inactive</Badge>
                    )}
                  </span>
                </TableCell>
                <TableCell className="hidden text-muted-foreground sm:table-cell">{TYPE_LABEL[item.type]}</TableCell>
                <TableCell className="hidden sm:table-cell">
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
                {canManage && (
                  <TableCell className="py-1.5 pl-0" onClick={stop} onKeyDown={stop}>
                    <Button variant="ghost" size="icon-sm" aria-label={`Edit ${item.name}`} onClick={() => setEditing(item)} data-testid="edit-item">
                      <PencilIcon />
                    </Button>
                  </TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Card>
      <ContentDetails item={open} onClose={() => setOpen(null)} />
      {canManage && <ItemEditDialog item={editing} onClose={() => setEditing(null)} />}
    </>
  );
}
