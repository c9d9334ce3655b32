'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { PlusIcon } from 'lucide-react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from '@/components/ui/dialog';
import { Form } from '@/components/ui/form';
import { createLineSchema, type CreateLineInput } from '@/lib/lines/schemas';
import { ApiError, callApi, describeApiError } from '../api-client';
import { parseLineCredentials, type LineCredentials } from './credentials';
import { LineFields } from './line-fields';
import { EMPTY_LINE, FIELD_NAMES, type LineFormValues } from './line-form-values';

/** The "Add account" button and its form; hands the new account's credentials to `onCreated`. */
export function CreateLineDialog({ onCreated }: { onCreated: (credentials: LineCredentials) => void }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const form = useForm<LineFormValues, unknown, CreateLineInput>({
    resolver: zodResolver(createLineSchema),
    defaultValues: EMPTY_LINE,
  });

  async function onSubmit(values: CreateLineInput) {
    const notes = values.notes?.trim();
    const body: CreateLineInput = { ...values, notes: notes || undefined };
    let answer: unknown;
    try {
      answer = await callApi('/api/lines', { method: 'POST', body });
    } catch (err) {
      if (err instanceof ApiError) {
        for (const name of FIELD_NAMES) if (err.fields[name]) form.setError(name, { message: err.fields[name] });
      }
      toast.error(describeApiError(err));
      return;
    }
    toast.success(`Account ${values.username} created`);
    setOpen(false);
    form.reset(EMPTY_LINE);
    router.refresh();
    try {
      onCreated(parseLineCredentials(answer));
    } catch (err) {
      toast.error(describeApiError(err));
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) form.reset(EMPTY_LINE);
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm" data-testid="add-line">
          <PlusIcon /> Add account
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>Add player account</DialogTitle>
          <DialogDescription>An Xtream login for one person&apos;s players. You get the links to hand out next.</DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form onSubmit={form.handleSubmit(onSubmit)} className="grid gap-5" noValidate data-testid="line-form">
            <LineFields editing={false} />
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={form.formState.isSubmitting} data-testid="line-submit">
                {form.formState.isSubmitting ? 'Creating…' : 'Create account'}
              </Button>
            </DialogFooter>
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
