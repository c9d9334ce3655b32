'use client';

import { useId } from 'react';
import type { Control } from 'react-hook-form';
import { Checkbox } from '@/components/ui/checkbox';
import { FormField, FormItem, FormMessage } from '@/components/ui/form';
import { Label } from '@/components/ui/label';
import { OrderedList } from '../ordered/ordered-list';
import { moveTo, toggleIn } from '../ordered/ordering';
import type { LineFormValues } from './line-form-values';

export interface BouquetChoice {
  id: string;
  name: string;
}

/** The account's bouquets: ticked ones, in order (the union of their lists, in this order); none = the whole catalog. */
export function BouquetPickerField({ control, bouquets, className }: { control: Control<LineFormValues, unknown, LineFormValues>; bouquets: BouquetChoice[]; className?: string }) {
  const id = useId();
  const names = new Map(bouquets.map((b) => [b.id, b.name]));
  return (
    <FormField
      control={control}
      name="bouquetIds"
      render={({ field }) => {
        const picked: string[] = field.value ?? [];
        return (
          <FormItem className={className}>
            <fieldset className="grid min-w-0 gap-2" data-testid="line-bouquets">
              <legend className="mb-1 text-sm font-medium">Bouquets</legend>
              {bouquets.length === 0 ? (
                <p className="text-sm text-muted-foreground">No bouquets yet: the account sees the whole catalog. Make bouquets on the Bouquets page.</p>
              ) : (
                <div className="grid min-w-0 gap-3 sm:grid-cols-2">
                  <div className="grid max-h-48 content-start gap-1 overflow-y-auto rounded-md border p-1">
                    {bouquets.map((b) => (
                      <div key={b.id} className="flex items-center gap-2 rounded px-2 py-1.5 hover:bg-muted/60">
                        <Checkbox
                          id={`${id}-${b.id}`}
                          checked={picked.includes(b.id)}
                          onCheckedChange={(on) => field.onChange(toggleIn(picked, b.id, on === true))}
                          data-testid="line-bouquet-option"
                          data-name={b.name}
                        />
                        <Label htmlFor={`${id}-${b.id}`} className="min-w-0 flex-1 truncate font-normal">
                          {b.name}
                        </Label>
                      </div>
                    ))}
                  </div>
                  {picked.length === 0 ? (
                    <p className="rounded-md border border-dashed p-3 text-sm text-muted-foreground">None ticked: this account sees the whole catalog.</p>
                  ) : (
                    <OrderedList
                      testId="line-bouquet-order"
                      label="The account's bouquets, in order"
                      entries={picked.map((b) => ({ key: b, name: names.get(b) ?? 'Removed bouquet' }))}
                      onMove={(from, to) => field.onChange(moveTo(picked, from, to))}
                      onRemove={(index) => field.onChange(picked.filter((_, i) => i !== index))}
                      className="content-start"
                    />
                  )}
                </div>
              )}
            </fieldset>
            <FormMessage />
          </FormItem>
        );
      }}
    />
  );
}
