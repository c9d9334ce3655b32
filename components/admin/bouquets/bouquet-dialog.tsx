'use client';

import { useId, useState } from 'react';
import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { bouquetSchema, type BouquetView } from '@/lib/curation/schemas';
import { ApiError, callApi, describeApiError } from '../api-client';
import type { DialogTarget } from '../form/entity-dialog';
import { existing } from '../form/entity-dialog';
import type { CategoriesState } from '../categories/use-categories';
import { CategoryPicker, type PickedCategories } from './category-picker';
import { parseIdList } from '../ordered/ordering';

interface BouquetDialogProps {
  target: DialogTarget<BouquetView>;
  onTargetChange: (target: DialogTarget<BouquetView>) => void;
  categories: CategoriesState;
}

/** Create or edit a bouquet: its name, its categories per type in order, items added or removed by public id. */
export function BouquetDialog({ target, onTargetChange, categories }: BouquetDialogProps) {
  const bouquet = existing(target);
  return (
    <Dialog open={target !== null} onOpenChange={(open) => !open && onTargetChange(null)}>
      <DialogContent className="max-h-[92dvh] overflow-y-auto sm:max-w-3xl">
        <DialogHeader>
          <DialogTitle>{bouquet ? `Edit ${bouquet.name}` : 'New bouquet'}</DialogTitle>
          <DialogDescription>Accounts with this bouquet see only these categories, in this order, plus the items added here.</DialogDescription>
        </DialogHeader>
        {target !== null && <BouquetForm key={bouquet?.id ?? 'new'} bouquet={bouquet} categories={categories} onDone={() => onTargetChange(null)} />}
      </DialogContent>
    </Dialog>
  );
}

function pickedOf(bouquet: BouquetView | null): PickedCategories {
  const picked: PickedCategories = { live: [], movie: [], series: [] };
  for (const c of bouquet?.categories ?? []) picked[c.type].push(c.categoryId);
  return picked;
}

type Errors = Partial<Record<'name' | 'categories' | 'addItems' | 'removeItems', string>>;

function BouquetForm({ bouquet, categories, onDone }: { bouquet: BouquetView | null; categories: CategoriesState; onDone: () => void }) {
  const router = useRouter();
  const id = useId();
  const [name, setName] = useState(bouquet?.name ?? '');
  const [picked, setPicked] = useState<PickedCategories>(() => pickedOf(bouquet));
  const [added, setAdded] = useState((bouquet?.addItems ?? []).join(', '));
  const [removed, setRemoved] = useState((bouquet?.removeItems ?? []).join(', '));
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    const addItems = parseIdList(added);
    const removeItems = parseIdList(removed);
    const body = {
      name: name.trim(),
      categories: (['live', 'movie', 'series'] as const).flatMap((type) => picked[type].map((categoryId) => ({ type, categoryId }))),
      addItems: addItems ?? [],
      removeItems: removeItems ?? [],
    };
    const local: Errors = {};
    if (addItems === null) local.addItems = 'public ids (whole numbers), separated by commas or spaces';
    if (removeItems === null) local.removeItems = 'public ids (whole numbers), separated by commas or spaces';
    const parsed = bouquetSchema.safeParse(body);
    if (!parsed.success) for (const issue of parsed.error.issues) local[issue.path[0] as keyof Errors] ??= issue.message;
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      await callApi(bouquet ? `/api/bouquets/${encodeURIComponent(bouquet.id)}` : '/api/bouquets', { method: bouquet ? 'PATCH' : 'POST', body });
    } catch (err) {
      if (err instanceof ApiError) {
        const fields: Errors = {};
        for (const [key, message] of Object.entries(err.fields)) fields[key.split('.')[0] as keyof Errors] ??= message;
        setErrors(fields);
      }
      toast.error(describeApiError(err));
      setBusy(false);
      return;
    }
    setBusy(false);
    toast.success(bouquet ? `Bouquet ${body.name} saved` : `Bouquet ${body.name} created`);
    onDone();
    router.refresh();
  }

  const field = (key: keyof Errors) => (errors[key] ? { 'aria-invalid': true, 'aria-describedby': `${id}-${key}-error` } : {});
  const message = (key: keyof Errors) =>
    errors[key] ? (
      <p id={`${id}-${key}-error`} className="text-sm text-destructive" data-testid={`bouquet-error-${key}`}>
        {errors[key]}
      </p>
    ) : null;

  return (
    <form onSubmit={save} noValidate className="grid min-w-0 gap-5" data-testid="bouquet-form">
      <div className="grid gap-2">
        <Label htmlFor={`${id}-name`}>Name</Label>
        <Input id={`${id}-name`} name="name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" {...field('name')} />
        {message('name')}
      </div>
      <fieldset className="grid min-w-0 gap-2">
        <legend className="mb-2 text-sm font-medium">Categories</legend>
        <CategoryPicker categories={categories} value={picked} onChange={setPicked} />
        {message('categories')}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="grid content-start gap-2">
          <Label htmlFor={`${id}-add`}>Also add items</Label>
          <Input id={`${id}-add`} name="addItems" value={added} onChange={(e) => setAdded(e.target.value)} placeholder="Public ids, e.g. 1201, 1388" inputMode="numeric" {...field('addItems')} />
          <p className="text-xs text-muted-foreground">Items outside the ticked categories (public ids from the content browser).</p>
          {message('addItems')}
        </div>
        <div className="grid content-start gap-2">
          <Label htmlFor={`${id}-remove`}>Leave out items</Label>
          <Input id={`${id}-remove`} name="removeItems" value={removed} onChange={(e) => setRemoved(e.target.value)} placeholder="Public ids" inputMode="numeric" {...field('removeItems')} />
          <p className="text-xs text-muted-foreground">Items of the ticked categories this bouquet leaves out.</p>
          {message('removeItems')}
        </div>
      </div>
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={busy} data-testid="bouquet-submit">
          {busy ? 'Saving…' : bouquet ? 'Save changes' : 'Create bouquet'}
        </Button>
      </DialogFooter>
    </form>
  );
}
