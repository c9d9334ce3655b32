'use client';

import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import type { AdminCategoryView } from '@/lib/curation/schemas';
import { PlainForm } from '../form/plain-form';

interface CategoryRenameDialogProps {
  category: AdminCategoryView | null;
  onClose: () => void;
  /** PATCHes `{name}` (null restores the provider's); resolves with an error message, or null when saved. */
  onSave: (category: AdminCategoryView, name: string | null) => Promise<string | null>;
}

/** The admin's name for a category, or the provider's back. */
export function CategoryRenameDialog({ category, onClose, onSave }: CategoryRenameDialogProps) {
  return (
    <Dialog open={category !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="sm:max-w-md">
        <DialogHeader>
          <DialogTitle>Rename category</DialogTitle>
          <DialogDescription>
            The provider calls it “{category?.originalName}”. Players see your name; a re-sync keeps it.
          </DialogDescription>
        </DialogHeader>
        {category && <RenameForm key={category.id} category={category} onClose={onClose} onSave={onSave} />}
      </DialogContent>
    </Dialog>
  );
}

function RenameForm({ category, onClose, onSave }: { category: AdminCategoryView; onClose: () => void; onSave: CategoryRenameDialogProps['onSave'] }) {
  const id = useId();
  const [name, setName] = useState(category.name);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const renamed = category.name !== category.originalName;

  async function save(value: string | null) {
    if (value !== null && !value.trim()) {
      setError('must not be empty');
      return;
    }
    setBusy(true);
    const problem = await onSave(category, value === null ? null : value.trim());
    setBusy(false);
    if (problem) setError(problem);
    else onClose();
  }

  return (
    <PlainForm testId="category-rename-form" onSubmit={() => void save(name)}>
      <div className="grid gap-2">
        <Label htmlFor={`${id}-name`}>Name</Label>
        <Input id={`${id}-name`} name="name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} />
        {error && (
          <p id={`${id}-error`} className="text-sm text-destructive">
            {error}
          </p>
        )}
      </div>
      <DialogFooter className="gap-2 sm:justify-between">
        <Button type="button" variant="outline" disabled={busy || !renamed} onClick={() => void save(null)} data-testid="category-restore-name">
          Restore provider name
        </Button>
        <Button type="submit" disabled={busy} data-testid="category-rename-submit">
          {busy ? 'Saving…' : 'Save name'}
        </Button>
      </DialogFooter>
    </PlainForm>
  );
}
