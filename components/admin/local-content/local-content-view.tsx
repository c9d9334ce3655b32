'use client';

import { useState } from 'react';
import { ListVideoIcon, PencilIcon, Trash2Icon } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { TableCell, TableRow } from '@/components/ui/table';
import type { LocalContentView as Item } from '@/lib/local-content/schemas';
import { ConfirmDeleteDialog } from '../confirm-delete-dialog';
import { DataTable } from '../data-table';
import type { DialogTarget } from '../form/entity-dialog';
import { EpisodesDialog } from './episodes-dialog';
import { TYPE_LABEL } from './item-form-values';
import { LocalContentDialog } from './local-content-dialog';

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
  const [editing, setEditing] = useState<DialogTarget<Item>>(null);
  const [deleting, setDeleting] = useState<Item | null>(null);
  const [episodesOf, setEpisodesOf] = useState<Item | null>(null);

  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0 flex-1">{toolbar}</div>
        {canManage && <LocalContentDialog target={editing} onTargetChange={setEditing} add={{ label: 'Add', testId: 'add-local-item' }} />}
      </div>
      {items.length === 0 ? (
        empty
      ) : (
        <DataTable testId="local-content-table" columns={['Title', 'Type', 'Year', 'Rating', 'Episodes', 'Public id']} actions className="overflow-x-auto">
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
        </DataTable>
      )}
      {footer}
      <EpisodesDialog series={episodesOf} canManage={canManage} onOpenChange={(open) => !open && setEpisodesOf(null)} />
      {canManage && (
        <>
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
