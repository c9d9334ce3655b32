'use client';

import { useFormContext } from 'react-hook-form';
import { FormControl, FormDescription, FormField, FormItem, FormLabel } from '@/components/ui/form';
import { Switch } from '@/components/ui/switch';
import { localContentTypeSchema } from '@/lib/local-content/schemas';
import { EnumSelectField } from '../enum-select-field';
import { GenreField, NumberField, TextField } from './form-inputs';
import { TYPE_LABEL, type ItemFormValues } from './item-form-values';

/** The fields of the add and edit forms. */
export function ItemFields() {
  const { control, watch } = useFormContext<ItemFormValues>();
  const isSeries = watch('contentType') === 'series';
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <TextField control={control} name="title" label="Title" className="sm:col-span-2" />
      <EnumSelectField control={control} name="contentType" label="Type" options={localContentTypeSchema.options} labels={TYPE_LABEL} testId="item-type" />
      <TextField control={control} name="category" label="Category" placeholder="Uncategorized" emptyAs={null} />
      <TextField
        control={control}
        name="streamUrl"
        label="Stream URL"
        placeholder="https://cdn.example.com/film.mp4"
        className="sm:col-span-2"
        description={isSeries ? 'Optional for a series: its episodes have their own URLs.' : 'Players are sent to this http(s) URL.'}
      />
      <TextField control={control} name="posterUrl" label="Poster URL" placeholder="https://…" emptyAs={null} className="sm:col-span-2" />
      <NumberField control={control} name="releaseYear" label="Year" placeholder="2024" />
      <NumberField control={control} name="rating" label="Rating" placeholder="0–10" step={0.1} />
      <GenreField control={control} name="genre" label="Genres" />
      <TextField control={control} name="containerExtension" label="Extension" placeholder="From the URL, else mp4" emptyAs={undefined} />
      <TextField control={control} name="description" label="Description" emptyAs={null} multiline className="sm:col-span-2" />
      <FormField
        control={control}
        name="isActive"
        render={({ field }) => (
          <FormItem className="flex items-center justify-between gap-3 rounded-md border p-3 sm:col-span-2">
            <div className="grid gap-0.5">
              <FormLabel>Visible to players</FormLabel>
              <FormDescription>Switch off to hide it without deleting it.</FormDescription>
            </div>
            <FormControl>
              <Switch checked={field.value ?? true} onCheckedChange={field.onChange} data-testid="item-active" />
            </FormControl>
          </FormItem>
        )}
      />
    </div>
  );
}
