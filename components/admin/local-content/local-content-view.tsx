'use client';

import { useState } from 'react';
import { ListVideoIcon, PencilIcon, Trash2Icon } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { LocalContentView as Item } from '@/lib/local-content/schemas';
import { ConfirmDeleteDialog } from '../confirm-delete-dialog';
import { EpisodesDialog } from './episodes-dialog';
import { CreateItemDialog, EditItemDialog } from './item-form-dialog';
import { TYPE_LABEL } from './item-form-values';

interface LocalContentViewProps {
  items: Item[];
  canManage: boolean;
  /** Above the list: search and type filter. */
  toolbar: React.ReactNode;
  /** Shown instead of the list when there is nothing to list. */
  empty: React.ReactNode;
  /** Below the list: pagination. */
  footer: React.ReactNode;
}

/** The local items and, for admins, every dialog that changes them; viewers can open a series' episodes. */
export function LocalContentView({ items, canManage, toolbar, empty, footer }: LocalContentViewProps) {
  const [editing, setEditing] = useState<Item | null>(null);
  const [deleting, setDeleting] = useState<Item | null>(null);
  const [episodesOf, setEpisodesOf] = useState<Item | null>(null);

  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0 flex-1">{toolbar}</div>
        {canManage && <CreateItemDialog />}
      </div>
      {items.length === 0 ? (
        empty
      ) : (
        <Card className="overflow-x-auto py-0">
          <Table data-testid="local-content-table">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Title</TableHead>
                <TableHead>Type</TableHead>
                <TableHead>Year</TableHead>
                <TableHead>Rating</TableHead>
                <TableHead>Episodes</TableHead>
                <TableHead>Public id</TableHead>
                <TableHead className="w-0 text-right">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((item) => (
                <TableRow key={item.id} data-testid="local-item-row" data-title={item.title} data-public-id={item.publicId}>
                  <TableCell>
                    <span className="flex items-center gap-2">
                      <span className="block max-w-72 truncate font-medium" title={item.title}>
                        {item.title}
                      </span>
                      {!item.isActive && <Badge variant="muted">Hidden</Badge>}
                    </span>
                    {item.category && <span className="block max-w-72 truncate text-xs text-muted-foreground">{item.category}</span>}
                  </TableCell>
                  <TableCell>
                    <Badge variant={item.contentType === 'series' ? 'soft' : 'secondary'}>{TYPE_LABEL[item.contentType]}</Badge>
                  </TableCell>
                  <TableCell className="tabular-nums">{item.releaseYear ?? '—'}</TableCell>
                  <TableCell className="tabular-nums">{item.rating ?? '—'}</TableCell>
                  <TableCell className="tabular-nums" data-testid="local-item-episodes">
                    {item.episodeCount ?? '—'}
                  </TableCell>
                  <TableCell className="font-mono tabular-nums">{item.publicId}</TableCell>
                  <TableCell className="py-1.5 text-right whitespace-nowrap">
                    {item.contentType === 'series' && (
                      <Button variant="ghost" size="icon-sm" aria-label={`Episodes of ${item.title}`} title="Episodes" data-testid="local-item-episodes-open" onClick={() => setEpisodesOf(item)}>
                        <ListVideoIcon />
                      </Button>
                    )}
                    {canManage && (
                      <>
                        <Button variant="ghost" size="icon-sm" aria-label={`Edit ${item.title}`} title="Edit" data-testid="local-item-edit" onClick={() => setEditing(item)}>
                          <PencilIcon />
                        </Button>
                        <Button variant="ghost" size="icon-sm" aria-label={`Delete ${item.title}`} title="Delete" data-testid="local-item-delete" onClick={() => setDeleting(item)}>
                          <Trash2Icon />
                        </Button>
                      </>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      )}
      {footer}
      <EpisodesDialog series={episodesOf} canManage={canManage} onOpenChange={(open) => !open && setEpisodesOf(null)} />
      {canManage && (
        <>
          <EditItemDialog item={editing} onOpenChange={(open) => !open && setEditing(null)} />
          <ConfirmDeleteDialog
            open={deleting !== null}
            onOpenChange={(open) => !open && setDeleting(null)}
            title={`Delete “${deleting?.title ?? ''}”?`}
            description={
              deleting?.contentType === 'series'
                ? 'Players no longer see the series or any of its episodes. Its public ids are not given to anything else.'
                : 'Players no longer see it. Its public id is not given to anything else.'
            }
            path={`/api/content/local/${encodeURIComponent(deleting?.id ?? '')}`}
            confirmLabel="Delete"
            successMessage="Deleted"
          />
        </>
      )}
    </div>
  );
}
