'use client';

import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Form } from '@/components/ui/form';
import { updateLineSchema, type LineView, type UpdateLineInput } from '@/lib/lines/schemas';
import { ApiError, callApi, describeApiError } from '../api-client';
import { LineFields } from './line-fields';
import { changedFields, FIELD_NAMES, lineToFormValues } from './line-form-values';

// The same fields as the create form (LineFields), each optional.
type EditFormValues = z.input<typeof updateLineSchema>;

interface EditLineDialogProps {
  line: LineView | null;
  onOpenChange: (open: boolean) => void;
}

export function EditLineDialog({ line, onOpenChange }: EditLineDialogProps) {
  return (
    <Dialog open={line !== null} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>Edit {line?.username}</DialogTitle>
          <DialogDescription>Changes apply from the account&apos;s next request.</DialogDescription>
        </DialogHeader>
        {/* Keyed so each account opens with a fresh form. */}
        {line && <EditLineForm key={line.id} line={line} onDone={() => onOpenChange(false)} />}
      </DialogContent>
    </Dialog>
  );
}

function EditLineForm({ line, onDone }: { line: LineView; onDone: () => void }) {
  const router = useRouter();
  const form = useForm<EditFormValues, unknown, UpdateLineInput>({
    resolver: zodResolver(updateLineSchema),
    defaultValues: lineToFormValues(line),
  });

  async function onSubmit(values: UpdateLineInput) {
    const body = changedFields(line, values);
    if (Object.keys(body).length === 0) {
      onDone();
      return;
    }
    try {
      await callApi(`/api/lines/${encodeURIComponent(line.id)}`, { method: 'PATCH', body });
    } catch (err) {
      if (err instanceof ApiError) {
        for (const name of FIELD_NAMES) if (err.fields[name]) form.setError(name, { message: err.fields[name] });
      }
      toast.error(describeApiError(err));
      return;
    }
    toast.success(`Account ${body.username ?? line.username} updated`);
    onDone();
    router.refresh();
  }

  return (
    <Form {...form}>
      <form onSubmit={form.handleSubmit(onSubmit)} className="grid gap-5" noValidate data-testid="line-form">
        <LineFields editing />
        <DialogFooter>
          <Button type="button" variant="outline" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" disabled={form.formState.isSubmitting} data-testid="line-submit">
            {form.formState.isSubmitting ? 'Saving…' : 'Save changes'}
          </Button>
        </DialogFooter>
      </form>
    </Form>
  );
}
