'use client';

import { useWatch, type Control } from 'react-hook-form';
import { localContentTypeSchema, type CreateLocalContentInput } from '@/lib/local-content/schemas';
import { NumberField, SelectField, SwitchField, TagsField, TextareaField, TextField } from '../form/fields';
import { TYPE_LABEL, type ItemFormValues } from './item-form-values';

/** A movie's or series' fields. */
export function ItemFields({ control }: { control: Control<ItemFormValues, unknown, CreateLocalContentInput> }) {
  const isSeries = useWatch({ control, name: 'contentType' }) === 'series';
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <TextField control={control} name="title" label="Title" className="sm:col-span-2" />
      <SelectField control={control} name="contentType" label="Type" options={localContentTypeSchema.options} labels={TYPE_LABEL} testId="item-type" />
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
      <TagsField control={control} name="genre" label="Genres" placeholder="Drama, Family" description="Separate with commas." />
      <TextField control={control} name="containerExtension" label="Extension" placeholder="From the URL, else mp4" emptyAs={undefined} />
      <TextareaField control={control} name="description" label="Description" emptyAs={null} className="sm:col-span-2" />
      <SwitchField
        control={control}
        name="isActive"
        label="Visible to players"
        description="Switch off to hide it without deleting it."
        testId="item-active"
        className="sm:col-span-2"
      />
    </div>
  );
}
