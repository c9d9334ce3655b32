'use client';

import type { ReactNode } from 'react';
import type { FieldValues, UseFormReturn } from 'react-hook-form';
import { PlusIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { Form } from '@/components/ui/form';
import { cn } from '@/lib/utils';

/** Which entity a create-or-edit dialog shows: closed (null), a new one, or an existing one. */
export type DialogTarget<T> = T | 'new' | null;

/** The entity being edited, or null when the target is a new one (or the dialog is closed). */
export const existing = <T,>(target: DialogTarget<T>): T | null => (target === 'new' ? null : target);

/** What every entity dialog takes from its list. */
export interface DialogTargetProps<T> {
  target: DialogTarget<T>;
  onTargetChange: (target: DialogTarget<T>) => void;
  /** The "Add" button that opens the dialog for a new entity (focus returns to it on close). */
  add?: { label: string; testId: string };
}

interface EntityDialogProps<T> extends DialogTargetProps<T> {
  title: (entity: T | null) => ReactNode;
  description: (entity: T | null) => ReactNode;
  className?: string;
  /** The form; rendered only while open, keyed by the caller so every opening starts fresh. */
  children: (entity: T | null, close: () => void) => ReactNode;
}

/** The one dialog per entity: "Add" and "Edit" are the same dialog, with or without an entity. */
export function EntityDialog<T>({ target, onTargetChange, add, title, description, className, children }: EntityDialogProps<T>) {
  const entity = existing(target);
  const close = () => onTargetChange(null);
  return (
    <Dialog open={target !== null} onOpenChange={(open) => onTargetChange(open ? (target ?? 'new') : null)}>
      {add ? (
        <DialogTrigger asChild>
          <Button size="sm" data-testid={add.testId}>
            <PlusIcon /> {add.label}
          </Button>
        </DialogTrigger>
      ) : null}
      <DialogContent className={cn('max-h-[92dvh] overflow-y-auto', className)}>
        <DialogHeader>
          <DialogTitle>{title(entity)}</DialogTitle>
          <DialogDescription>{description(entity)}</DialogDescription>
        </DialogHeader>
        {target !== null && children(entity, close)}
      </DialogContent>
    </Dialog>
  );
}

interface ApiFormProps<TIn extends FieldValues, TOut> {
  form: UseFormReturn<TIn, unknown, TOut>;
  submit: (event?: React.BaseSyntheticEvent) => Promise<void>;
  testId?: string;
  className?: string;
  children: ReactNode;
}

/** The `<form>` of a useApiForm: no browser validation (zod speaks), the fields in a grid. */
export function ApiForm<TIn extends FieldValues, TOut>({ form, submit, testId, className, children }: ApiFormProps<TIn, TOut>) {
  return (
    <Form {...form}>
      <form onSubmit={submit} className={cn('grid gap-5', className)} noValidate data-testid={testId}>
        {children}
      </form>
    </Form>
  );
}

interface FormFooterProps {
  busy: boolean;
  submitLabel: string;
  busyLabel?: string;
  /** Without it there is no Cancel button. */
  onCancel?: () => void;
  testId?: string;
}

/** Cancel and submit; the submit button says what is happening while the request runs. */
export function FormFooter({ busy, submitLabel, busyLabel = 'Saving…', onCancel, testId }: FormFooterProps) {
  return (
    <DialogFooter>
      {onCancel ? (
        <Button type="button" variant="outline" onClick={onCancel}>
          Cancel
        </Button>
      ) : null}
      <Button type="submit" disabled={busy} data-testid={testId}>
        {busy ? busyLabel : submitLabel}
      </Button>
    </DialogFooter>
  );
}
