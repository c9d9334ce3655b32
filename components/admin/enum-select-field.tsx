'use client';

import type { ReactNode } from 'react';
import type { Control, FieldPath, FieldValues } from 'react-hook-form';
import { FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';

interface EnumSelectFieldProps<T extends FieldValues, V extends string> {
  control: Control<T>;
  name: FieldPath<T>;
  label: string;
  /** The enum's values (a zod enum's `.options`), shown with their labels. */
  options: readonly V[];
  labels: Record<V, string>;
  testId: string;
  description?: ReactNode;
}

/** A form field choosing one value of an enum: the one select every admin form uses. */
export function EnumSelectField<T extends FieldValues, V extends string>({ control, name, label, options, labels, testId, description }: EnumSelectFieldProps<T, V>) {
  return (
    <FormField
      control={control}
      name={name}
      render={({ field }) => (
        <FormItem>
          <FormLabel>{label}</FormLabel>
          <Select name={field.name} value={field.value} onValueChange={(v) => field.onChange(options.find((o) => o === v))}>
            <FormControl>
              <SelectTrigger className="w-full" data-testid={testId}>
                <SelectValue />
              </SelectTrigger>
            </FormControl>
            <SelectContent>
              {options.map((o) => (
                <SelectItem key={o} value={o}>
                  {labels[o]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
          {description ? <FormDescription>{description}</FormDescription> : null}
          <FormMessage />
        </FormItem>
      )}
    />
  );
}
