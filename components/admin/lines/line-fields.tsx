'use client';

import type { Control } from 'react-hook-form';
import { lineStatusSchema, onLimitSchema, outputFormatSchema } from '@/lib/lines/schemas';
import { CheckboxGroupField, DateField, NumberField, SelectField, SwitchField, TextareaField, TextField } from '../form/fields';
import { BouquetPickerField, type BouquetChoice } from './bouquet-picker-field';
import { ON_LIMIT_LABEL } from './line-cells';
import type { LineFormValues } from './line-form-values';

const STATUS_LABEL = { active: 'Active', disabled: 'Disabled', banned: 'Banned' } as const;
const FORMAT_LABEL = { ts: 'MPEG-TS (.ts)', m3u8: 'HLS (.m3u8)' } as const;

/** The account's fields; `editing` changes only the password wording. */
export function LineFields({ control, editing, bouquets }: { control: Control<LineFormValues, unknown, LineFormValues>; editing: boolean; bouquets: BouquetChoice[] }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <TextField control={control} name="username" label="Username" description="Letters, digits and . _ @ -" />
      {/* A player password is no secret from the admin: shown as typed. */}
      <TextField
        control={control}
        name="password"
        label={editing ? 'New password' : 'Password'}
        placeholder={editing ? 'Unchanged' : 'Generated'}
        description={editing ? 'Leave empty to keep the current one.' : 'Leave empty to generate one.'}
        emptyAs={undefined}
      />
      <NumberField control={control} name="maxConnections" label="Max connections" min={0} emptyAs={undefined} description="Streams at the same time; 0 = unlimited." />
      <DateField control={control} name="expiresAt" label="Expires" description="Works through the end of that day. Empty = never." />
      <SelectField control={control} name="status" label="Status" options={lineStatusSchema.options} labels={STATUS_LABEL} testId="line-status-select" />
      <SelectField control={control} name="onLimit" label="When the limit is reached" options={onLimitSchema.options} labels={ON_LIMIT_LABEL} testId="line-on-limit" />
      <CheckboxGroupField control={control} name="allowedOutputFormats" label="Allowed formats" options={outputFormatSchema.options} labels={FORMAT_LABEL} />
      <SwitchField control={control} name="isTrial" label="Trial" description="Players show it as a trial account." testId="line-trial-switch" className="self-start" />
      <BouquetPickerField control={control} bouquets={bouquets} className="sm:col-span-2" />
      <TextareaField control={control} name="notes" label="Notes" rows={2} placeholder="Who it is for, how they paid…" className="sm:col-span-2" />
    </div>
  );
}
