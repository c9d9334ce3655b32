'use client';

import { useState } from 'react';
import { PencilIcon, PlusIcon, Trash2Icon } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import type { BouquetView } from '@/lib/curation/schemas';
import { ConfirmDeleteDialog } from '../confirm-delete-dialog';
import type { DialogTarget } from '../form/entity-dialog';
import { CURATED_TYPES, TYPE_TABS, useCategories } from '../categories/use-categories';
import { BouquetDialog } from './bouquet-dialog';
import { BouquetPreview, type PreviewLine } from './bouquet-preview';

interface BouquetsViewProps {
  bouquets: BouquetView[];
  lines: PreviewLine[];
  canManage: boolean;
  empty: React.ReactNode;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The bouquets with their item counts, the dialogs that change them, and the per-account preview. */
export function BouquetsView({ bouquets, lines, canManage, empty }: BouquetsViewProps) {
  const [editing, setEditing] = useState<DialogTarget<BouquetView>>(null);
  const [deleting, setDeleting] = useState<BouquetView | null>(null);
  const { state: categories, reload } = useCategories();
  const names = Object.fromEntries(bouquets.map((b) => [b.id, b.name]));

  return (
    <div className="grid gap-6">
      {canManage && (
        <div className="flex justify-end">
          <Button
            size="sm"
            data-testid="add-bouquet"
            onClick={() => {
              void reload();
              setEditing('new');
            }}
          >
            <PlusIcon /> New bouquet
          </Button>
        </div>
      )}
      {bouquets.length === 0 ? (
        empty
      ) : (
        <ul className="grid gap-3 md:grid-cols-2 xl:grid-cols-3" data-testid="bouquet-list">
          {bouquets.map((b) => (
            <li key={b.id}>
              <Card className="grid gap-3 p-4" data-testid="bouquet-card" data-name={b.name}>
                <div className="flex min-w-0 items-start justify-between gap-2">
                  <div className="min-w-0">
                    <h2 className="truncate font-semibold" title={b.name}>
                      {b.name}
                    </h2>
                    <p className="text-xs text-muted-foreground">
                      {plural(b.categories.length, 'category', 'categories')} · used by {plural(b.lineCount, 'account')}
                    </p>
                  </div>
                  {canManage && (
                    <div className="flex shrink-0 gap-1">
                      <Button
                        variant="ghost"
                        size="icon-sm"
                        aria-label={`Edit ${b.name}`}
                        data-testid="edit-bouquet"
                        onClick={() => {
                          void reload();
                          setEditing(b);
                        }}
                      >
                        <PencilIcon />
                      </Button>
                      <Button variant="ghost" size="icon-sm" aria-label={`Delete ${b.name}`} data-testid="delete-bouquet" onClick={() => setDeleting(b)}>
                        <Trash2Icon />
                      </Button>
                    </div>
                  )}
                </div>
                <dl className="grid grid-cols-3 gap-2 text-center" data-testid="bouquet-counts">
                  {CURATED_TYPES.map((t) => (
                    <div key={t} className="rounded-md bg-muted/60 px-2 py-1.5">
                      <dt className="text-xs text-muted-foreground">{TYPE_TABS[t]}</dt>
                      <dd className="font-medium tabular-nums" data-testid={`bouquet-count-${t}`}>
                        {b.itemCounts[t].toLocaleString('en-US')}
                      </dd>
                    </div>
                  ))}
                </dl>
                {(b.addItems.length > 0 || b.removeItems.length > 0) && (
                  <div className="flex flex-wrap gap-1.5">
                    {b.addItems.length > 0 && <Badge variant="success">+{plural(b.addItems.length, 'item')}</Badge>}
                    {b.removeItems.length > 0 && <Badge variant="muted">−{plural(b.removeItems.length, 'item')}</Badge>}
                  </div>
                )}
              </Card>
            </li>
          ))}
        </ul>
      )}
      {canManage && <BouquetPreview lines={lines} bouquetNames={names} />}
      {canManage && (
        <>
          <BouquetDialog target={editing} onTargetChange={setEditing} categories={categories} />
          <ConfirmDeleteDialog
            open={deleting !== null}
            onOpenChange={(open) => !open && setDeleting(null)}
            title={`Delete ${deleting?.name ?? ''}?`}
            description="The bouquet goes; its categories and items stay in the catalog. A bouquet a player account uses cannot be deleted: take it off those accounts first."
            path={`/api/bouquets/${encodeURIComponent(deleting?.id ?? '')}`}
            confirmLabel="Delete bouquet"
            successMessage={`Bouquet ${deleting?.name ?? ''} deleted`}
          />
        </>
      )}
    </div>
  );
}
