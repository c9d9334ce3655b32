'use client';

import { useFormContext } from 'react-hook-form';
import { Checkbox } from '@/components/ui/checkbox';
import { FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Switch } from '@/components/ui/switch';
import { Textarea } from '@/components/ui/textarea';
import { lineStatusSchema, onLimitSchema, outputFormatSchema } from '@/lib/lines/schemas';
import { ON_LIMIT_LABEL } from './line-cells';
import { dateInputToIso, isoToDateInput, type LineFormValues } from './line-form-values';
import { EnumSelectField } from '../enum-select-field';

const STATUS_LABEL = { active: 'Active', disabled: 'Disabled', banned: 'Banned' } as const;
const FORMAT_LABEL = { ts: 'MPEG-TS (.ts)', m3u8: 'HLS (.m3u8)' } as const;

/** The fields of the create and edit forms; `editing` changes only the password wording. */
export function LineFields({ editing }: { editing: boolean }) {
  const { control } = useFormContext<LineFormValues>();
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <FormField
        control={control}
        name="username"
        render={({ field }) => (
          <FormItem>
            <FormLabel>Username</FormLabel>
            <FormControl>
              <Input autoComplete="off" autoCapitalize="none" spellCheck={false} {...field} />
            </FormControl>
            <FormDescription>Letters, digits and . _ @ -</FormDescription>
            <FormMessage />
          </FormItem>
        )}
      />
      <FormField
        control={control}
        name="password"
        render={({ field }) => (
          <FormItem>
            <FormLabel>{editing ? 'New password' : 'Password'}</FormLabel>
            <FormControl>
              <Input
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                placeholder={editing ? 'Unchanged' : 'Generated'}
                name={field.name}
                ref={field.ref}
                onBlur={field.onBlur}
                value={field.value ?? ''}
                onChange={(event) => field.onChange(event.target.value === '' ? undefined : event.target.value)}
              />
            </FormControl>
            <FormDescription>{editing ? 'Leave empty to keep the current one.' : 'Leave empty to generate one.'}</FormDescription>
            <FormMessage />
          </FormItem>
        )}
      />
      <FormField
        control={control}
        name="maxConnections"
        render={({ field }) => (
          <FormItem>
            <FormLabel>Max connections</FormLabel>
            <FormControl>
              <Input
                type="number"
                inputMode="numeric"
                min={0}
                step={1}
                name={field.name}
                ref={field.ref}
                onBlur={field.onBlur}
                value={field.value ?? ''}
                onChange={(event) => field.onChange(event.target.value === '' ? undefined : event.target.valueAsNumber)}
              />
            </FormControl>
            <FormDescription>Streams at the same time; 0 = unlimited.</FormDescription>
            <FormMessage />
          </FormItem>
        )}
      />
      <FormField
        control={control}
        name="expiresAt"
        render={({ field }) => (
          <FormItem>
            <FormLabel>Expires</FormLabel>
            <FormControl>
              <Input
                type="date"
                name={field.name}
                ref={field.ref}
                onBlur={field.onBlur}
                value={isoToDateInput(field.value)}
                onChange={(event) => field.onChange(dateInputToIso(event.target.value))}
              />
            </FormControl>
            <FormDescription>Works through the end of that day. Empty = never.</FormDescription>
            <FormMessage />
          </FormItem>
        )}
      />
      <EnumSelectField control={control} name="status" label="Status" options={lineStatusSchema.options} labels={STATUS_LABEL} testId="line-status-select" />
      <EnumSelectField control={control} name="onLimit" label="When the limit is reached" options={onLimitSchema.options} labels={ON_LIMIT_LABEL} testId="line-on-limit" />
      <FormField
        control={control}
        name="allowedOutputFormats"
        render={({ field }) => {
          const selected = field.value ?? [];
          return (
            <FormItem>
              <FormLabel id="line-formats-label">Allowed formats</FormLabel>
              <FormControl>
                <div className="flex flex-wrap gap-x-5 gap-y-2 pt-1" role="group" aria-labelledby="line-formats-label">
                  {outputFormatSchema.options.map((format) => (
                    <div key={format} className="flex items-center gap-2">
                      <Checkbox
                        id={`line-format-${format}`}
                        name={field.name}
                        value={format}
                        checked={selected.includes(format)}
                        onCheckedChange={(checked) =>
                          field.onChange(
                            checked === true
                              ? outputFormatSchema.options.filter((f) => f === format || selected.includes(f))
                              : selected.filter((f) => f !== format),
                          )
                        }
                      />
                      <Label htmlFor={`line-format-${format}`} className="font-normal">
                        {FORMAT_LABEL[format]}
                      </Label>
                    </div>
                  ))}
                </div>
              </FormControl>
              <FormMessage />
            </FormItem>
          );
        }}
      />
      <FormField
        control={control}
        name="isTrial"
        render={({ field }) => (
          <FormItem className="flex flex-row items-center justify-between gap-4 self-start rounded-md border px-3 py-2.5">
            <div className="grid gap-1">
              <FormLabel>Trial</FormLabel>
              <FormDescription>Players show it as a trial account.</FormDescription>
            </div>
            <FormControl>
              <Switch name={field.name} checked={field.value ?? false} onCheckedChange={field.onChange} data-testid="line-trial-switch" />
            </FormControl>
          </FormItem>
        )}
      />
      <FormField
        control={control}
        name="notes"
        render={({ field }) => (
          <FormItem className="sm:col-span-2">
            <FormLabel>Notes</FormLabel>
            <FormControl>
              <Textarea
                rows={2}
                placeholder="Who it is for, how they paid…"
                name={field.name}
                ref={field.ref}
                onBlur={field.onBlur}
                value={field.value ?? ''}
                onChange={field.onChange}
              />
            </FormControl>
            <FormMessage />
          </FormItem>
        )}
      />
    </div>
  );
}
