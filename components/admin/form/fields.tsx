'use client';

import { useId, useState, type ReactElement, type ReactNode } from 'react';
import type { Control, ControllerRenderProps, FieldPath, FieldValues } from 'react-hook-form';
import { EyeIcon, EyeOffIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Switch } from '@/components/ui/switch';
import { Textarea } from '@/components/ui/textarea';
import { cn } from '@/lib/utils';
import { dateInputToIso, dateTimeInputToIso, isoToDateInput, isoToDateTimeInput } from '../date-time';

// The admin forms' typed fields. Each ties its label to its input (FormLabel htmlFor = FormControl
// id) and points the input at its description and error (aria-describedby, aria-invalid).

export interface FieldProps<T extends FieldValues, O = T> {
  control: Control<T, unknown, O>;
  name: FieldPath<T>;
  label: ReactNode;
  description?: ReactNode;
  className?: string;
}

type Field<T extends FieldValues> = ControllerRenderProps<T, FieldPath<T>>;
type InputProps = Omit<React.ComponentProps<'input'>, 'name' | 'value' | 'defaultValue' | 'onChange' | 'onBlur' | 'ref'>;

interface ShellProps<T extends FieldValues> {
  render: (field: Field<T>) => ReactElement;
  /** `render` places FormControl itself (a select's trigger, a group of checkboxes). */
  bare?: boolean;
  labelId?: string;
}

/** Label, control, description and message around one input. */
export function FieldShell<T extends FieldValues, O = T>({ control, name, label, description, className, render, bare, labelId }: FieldProps<T, O> & ShellProps<T>) {
  return (
    <FormField
      control={control}
      name={name}
      render={({ field }) => (
        <FormItem className={className}>
          <FormLabel id={labelId}>{label}</FormLabel>
          {bare ? render(field) : <FormControl>{render(field)}</FormControl>}
          {description ? <FormDescription>{description}</FormDescription> : null}
          <FormMessage />
        </FormItem>
      )}
    />
  );
}

const bind = <T extends FieldValues>(field: Field<T>) => ({ name: field.name, ref: field.ref, onBlur: field.onBlur });

/** Wires an input or textarea: an empty one is `emptyAs` to the schema, anything else `read` from it. */
function bindText<T extends FieldValues, E extends HTMLInputElement | HTMLTextAreaElement>(field: Field<T>, emptyAs: unknown, read: (el: E) => unknown = (el) => el.value) {
  return {
    ...bind(field),
    value: (field.value as string | number | null | undefined) ?? '',
    onChange: (e: React.ChangeEvent<E>) => field.onChange(e.target.value === '' ? emptyAs : read(e.target)),
  };
}

function InputField<T extends FieldValues, O = T>({ emptyAs, read, ...props }: FieldProps<T, O> & InputProps & { emptyAs: unknown; read?: (el: HTMLInputElement) => unknown }) {
  const { control, name, label, description, className, ...input } = props;
  return (
    <FieldShell
      {...{ control, name, label, description, className }}
      render={(field) => <Input autoComplete="off" autoCapitalize="none" spellCheck={false} {...input} {...bindText(field, emptyAs, read)} />}
    />
  );
}

/** Text; `emptyAs` is what an empty input means to the schema ('' by default, null clears, undefined keeps). */
export function TextField<T extends FieldValues, O = T>({ emptyAs = '', ...props }: FieldProps<T, O> & InputProps & { emptyAs?: '' | null | undefined }) {
  return <InputField emptyAs={emptyAs} {...props} />;
}

/** A password with a show/hide button; empty is `emptyAs` (undefined keeps the stored one). */
export function PasswordField<T extends FieldValues, O = T>({ emptyAs = '', ...props }: FieldProps<T, O> & InputProps & { emptyAs?: '' | undefined }) {
  const { control, name, label, description, className, ...input } = props;
  const [shown, setShown] = useState(false);
  return (
    <FieldShell
      {...{ control, name, label, description, className }}
      render={(field) => (
        <PasswordInput
          {...input}
          {...bindText(field, emptyAs)}
          type={shown ? 'text' : 'password'}
          shown={shown}
          onToggle={() => setShown(!shown)}
        />
      )}
    />
  );
}

// FormControl's Slot hands id and aria-* to this element; they belong on the input.
function PasswordInput({ shown, onToggle, className, ...input }: React.ComponentProps<'input'> & { shown: boolean; onToggle: () => void }) {
  return (
    <div className={cn('relative', className)}>
      <Input autoComplete="new-password" {...input} className="pr-9" />
      <Button
        type="button"
        variant="ghost"
        size="icon-sm"
        className="absolute top-1/2 right-0.5 -translate-y-1/2 text-muted-foreground"
        aria-label={shown ? 'Hide password' : 'Show password'}
        aria-pressed={shown}
        onClick={onToggle}
      >
        {shown ? <EyeOffIcon /> : <EyeIcon />}
      </Button>
    </div>
  );
}

/** A whole or decimal number; empty is `emptyAs` (null clears the value, undefined lets the schema default or say "required"). */
export function NumberField<T extends FieldValues, O = T>({ emptyAs = null, step = 1, ...props }: FieldProps<T, O> & InputProps & { emptyAs?: null | undefined; step?: number }) {
  return <InputField type="number" inputMode={step === 1 ? 'numeric' : 'decimal'} step={step} emptyAs={emptyAs} read={(el) => el.valueAsNumber} {...props} />;
}

/** A number kept as typed text (the form turns it into the body's number itself). */
export function NumberTextField<T extends FieldValues, O = T>(props: FieldProps<T, O> & InputProps) {
  return <TextField type="number" inputMode="numeric" step={1} {...props} />;
}

export function TextareaField<T extends FieldValues, O = T>({ emptyAs = '', rows = 3, placeholder, ...props }: FieldProps<T, O> & { emptyAs?: '' | null | undefined; rows?: number; placeholder?: string }) {
  return (
    <FieldShell
      {...props}
      render={(field) => (
<Textarea rows={rows} placeholder={placeholder} {...bindText(field, emptyAs)} />
      )}
    />
  );
}

/** A day, held as the ISO instant it ends in the admin's zone; empty is null. */
export function DateField<T extends FieldValues, O = T>(props: FieldProps<T, O>) {
  return (
    <FieldShell
      {...props}
      render={(field) => (
        <Input type="date" {...bind(field)} value={isoToDateInput(field.value)} onChange={(e) => field.onChange(dateInputToIso(e.target.value))} />
      )}
    />
  );
}

/** A moment, held as an ISO instant, typed in the admin's zone; empty is null. */
export function DateTimeField<T extends FieldValues, O = T>(props: FieldProps<T, O>) {
  return (
    <FieldShell
      {...props}
      render={(field) => (
        <Input type="datetime-local" {...bind(field)} value={isoToDateTimeInput(field.value)} onChange={(e) => field.onChange(dateTimeInputToIso(e.target.value))} />
      )}
    />
  );
}

// Radix Select has no empty value: this one stands for "not set".
const ANY = '__any__';

interface SelectFieldProps<V extends string> {
  /** The values (a zod enum's `.options`, or ids), shown with their labels. */
  options: readonly V[];
  labels: Record<V, string>;
  testId: string;
  /** Adds a first choice that leaves the field unset (undefined), with this label. */
  anyLabel?: string;
  placeholder?: string;
}

/** One value of a list: the one select every admin form uses. */
export function SelectField<T extends FieldValues, V extends string, O = T>({ options, labels, testId, anyLabel, placeholder, ...props }: FieldProps<T, O> & SelectFieldProps<V>) {
  return (
    <FieldShell
      {...props}
      bare
      render={(field) => (
        <Select name={field.name} value={field.value ?? (anyLabel ? ANY : undefined)} onValueChange={(v) => field.onChange(options.find((o) => o === v))}>
          <FormControl>
            <SelectTrigger className="w-full" data-testid={testId}>
              <SelectValue placeholder={placeholder} />
            </SelectTrigger>
          </FormControl>
          <SelectContent>
            {anyLabel ? <SelectItem value={ANY}>{anyLabel}</SelectItem> : null}
            {options.map((o) => (
              <SelectItem key={o} value={o}>
                {labels[o]}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      )}
    />
  );
}

/** An on/off setting in a bordered row: label and description left, the switch right. */
export function SwitchField<T extends FieldValues, O = T>({ control, name, label, description, className, testId }: FieldProps<T, O> & { testId: string }) {
  return (
    <FormField
      control={control}
      name={name}
      render={({ field }) => (
        <FormItem className={cn('flex flex-row items-center justify-between gap-4 rounded-md border px-3 py-2.5', className)}>
          <div className="grid gap-1">
            <FormLabel>{label}</FormLabel>
            {description ? <FormDescription>{description}</FormDescription> : null}
          </div>
          <FormControl>
            <Switch name={field.name} checked={field.value === true} onCheckedChange={field.onChange} data-testid={testId} />
          </FormControl>
          <FormMessage />
        </FormItem>
      )}
    />
  );
}

/** Several values of a list, one checkbox each; the value keeps the list's order. */
export function CheckboxGroupField<T extends FieldValues, V extends string, O = T>({ options, labels, ...props }: FieldProps<T, O> & { options: readonly V[]; labels: Record<V, string> }) {
  const id = useId();
  return (
    <FieldShell
      {...props}
      labelId={`${id}-label`}
      render={(field) => {
        const selected: readonly string[] = field.value ?? [];
        const toggle = (option: V, on: boolean) => field.onChange(on ? options.filter((o) => o === option || selected.includes(o)) : selected.filter((o) => o !== option));
        return (
          <div className="flex flex-wrap gap-x-5 gap-y-2 pt-1" role="group" aria-labelledby={`${id}-label`}>
            {options.map((option) => (
              <div key={option} className="flex items-center gap-2">
                <Checkbox id={`${id}-${option}`} name={field.name} value={option} checked={selected.includes(option)} onCheckedChange={(checked) => toggle(option, checked === true)} />
                <Label htmlFor={`${id}-${option}`} className="font-normal">
                  {labels[option]}
                </Label>
              </div>
            ))}
          </div>
        );
      }}
    />
  );
}

/** A list of words typed as "Drama, Comedy"; the text is kept while typing so a trailing comma survives. */
export function TagsField<T extends FieldValues, O = T>({ placeholder, ...props }: FieldProps<T, O> & { placeholder?: string }) {
  return <FieldShell {...props} render={(field) => <TagsInput {...bind(field)} placeholder={placeholder} initial={field.value ?? []} onChange={field.onChange} />} />;
}

function TagsInput({ initial, onChange, ...input }: Omit<React.ComponentProps<'input'>, 'onChange'> & { initial: string[]; onChange: (tags: string[]) => void }) {
  const [text, setText] = useState(initial.join(', '));
  return (
    <Input
      autoComplete="off"
      {...input}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(e.target.value.split(',').map((t) => t.trim()).filter(Boolean));
      }}
    />
  );
}
