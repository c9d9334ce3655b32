'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { PlusIcon } from 'lucide-react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { Form } from '@/components/ui/form';
import { createLocalContentSchema, type CreateLocalContentInput, type LocalContentView } from '@/lib/local-content/schemas';
import { callApi, describeApiError } from '../api-client';
import { ItemFields } from './item-fields';
import { applyFieldErrors, EMPTY_ITEM, ITEM_FIELDS, itemToFormValues, type ItemFormValues } from './item-form-values';

/** The "Add" button and its dialog. */
export function CreateItemDialog() {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" data-testid="add-local-item">
          <PlusIcon /> Add
        </Button>
      </DialogTrigger>
      <DialogContent className="max-h-[92dvh] overflow-y-auto sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>Add movie or series</DialogTitle>
          <DialogDescription>Players see it beside the upstream catalog and play it from its own URL.</DialogDescription>
        </DialogHeader>
        {open && <ItemForm onDone={() => setOpen(false)} />}
      </DialogContent>
    </Dialog>
  );
}

export function EditItemDialog({ item, onOpenChange }: { item: LocalContentView | null; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={item !== null} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[92dvh] overflow-y-auto sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>Edit {item?.title}</DialogTitle>
          <DialogDescription>Public id {item?.publicId}; players see the change on their next list request.</DialogDescription>
        </DialogHeader>
        {item && <ItemForm key={item.id} item={item} onDone={() => onOpenChange(false)} />}
      </DialogContent>
    </Dialog>
  );
}

function ItemForm({ item, onDone }: { item?: LocalContentView; onDone: () => void }) {
  const router = useRouter();
  const form = useForm<ItemFormValues, unknown, CreateLocalContentInput>({
    resolver: zodResolver(createLocalContentSchema),
    defaultValues: item ? itemToFormValues(item) : EMPTY_ITEM,
  });

  async function onSubmit(values: CreateLocalContentInput) {
    const body = { ...values, category: values.category?.trim() || null };
    try {
      if (item) await callApi(`/api/content/local/${encodeURIComponent(item.id)}`, { method: 'PATCH', body });
      else await callApi('/api/content/local', { method: 'POST', body });
    } catch (err) {
      applyFieldErrors(err, ITEM_FIELDS, form.setError);
      toast.error(describeApiError(err));
      return;
    }
    toast.success(item ? `${values.title} updated` : `${values.title} added`);
    onDone();
    router.refresh();
  }

  return (
    <Form {...form}>
      <form onSubmit={form.handleSubmit(onSubmit)} className="grid gap-5" noValidate data-testid="local-item-form">
        <ItemFields />
        <DialogFooter>
          <Button type="button" variant="outline" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" disabled={form.formState.isSubmitting} data-testid="local-item-submit">
            {form.formState.isSubmitting ? 'Saving…' : item ? 'Save changes' : 'Add'}
          </Button>
        </DialogFooter>
      </form>
    </Form>
  );
}
