'use client';

import { useState } from 'react';
import type { Control, FieldPath, FieldValues } from 'react-hook-form';
import { FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { cn } from '@/lib/utils';

interface FieldProps<T extends FieldValues> {
  control: Control<T>;
  name: FieldPath<T>;
  label: string;
  description?: string;
  placeholder?: string;
  className?: string;
}

/** A text field; `emptyAs` is what an empty input means to the schema (undefined keeps the stored value). */
export function TextField<T extends FieldValues>({ control, name, label, description, placeholder, className, emptyAs = '', multiline = false }: FieldProps<T> & { emptyAs?: '' | null | undefined; multiline?: boolean }) {
  return (
    <FormField
      control={control}
      name={name}
      render={({ field }) => {
        const props = {
          name: field.name,
          ref: field.ref,
          onBlur: field.onBlur,
          placeholder,
          value: (field.value as string | null | undefined) ?? '',
          onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => field.onChange(e.target.value === '' ? emptyAs : e.target.value),
        };
        return (
          <FormItem className={className}>
            <FormLabel>{label}</FormLabel>
            <FormControl>{multiline ? <Textarea rows={3} {...props} /> : <Input autoComplete="off" spellCheck={false} {...props} />}</FormControl>
            {description && <FormDescription>{description}</FormDescription>}
            <FormMessage />
          </FormItem>
        );
      }}
    />
  );
}

/** A number field; empty is `emptyAs` (null clears the value, undefined lets the schema say "required"). */
export function NumberField<T extends FieldValues>({ control, name, label, description, placeholder, className, step = 1, emptyAs = null }: FieldProps<T> & { step?: number; emptyAs?: null | undefined }) {
  return (
    <FormField
      control={control}
      name={name}
      render={({ field }) => (
        <FormItem className={className}>
          <FormLabel>{label}</FormLabel>
          <FormControl>
            <Input
              type="number"
              inputMode={step === 1 ? 'numeric' : 'decimal'}
              step={step}
              placeholder={placeholder}
              name={field.name}
              ref={field.ref}
              onBlur={field.onBlur}
              value={(field.value as number | null | undefined) ?? ''}
              onChange={(e) => field.onChange(e.target.value === '' ? emptyAs : e.target.valueAsNumber)}
            />
          </FormControl>
          {description && <FormDescription>{description}</FormDescription>}
          <FormMessage />
        </FormItem>
      )}
    />
  );
}

/** Genres typed as "Drama, Comedy"; the text is kept while typing so a trailing comma survives. */
export function GenreField<T extends FieldValues>({ control, name, label, className }: FieldProps<T>) {
  return (
    <FormField
      control={control}
      name={name}
      render={({ field }) => (
        <FormItem className={cn(className)}>
          <FormLabel>{label}</FormLabel>
          <FormControl>
            <GenreInput name={field.name} initial={(field.value as string[] | undefined) ?? []} onBlur={field.onBlur} onChange={field.onChange} />
          </FormControl>
          <FormDescription>Separate with commas.</FormDescription>
          <FormMessage />
        </FormItem>
      )}
    />
  );
}

function GenreInput({ name, initial, onChange, onBlur }: { name: string; initial: string[]; onChange: (v: string[]) => void; onBlur: () => void }) {
  const [text, setText] = useState(initial.join(', '));
  return (
    <Input
      name={name}
      autoComplete="off"
      placeholder="Drama, Family"
      value={text}
      onBlur={onBlur}
      onChange={(e) => {
        setText(e.target.value);
        onChange(e.target.value.split(',').map((g) => g.trim()).filter(Boolean));
      }}
    />
  );
}
