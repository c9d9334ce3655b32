'use client';

import { useFormContext } from 'react-hook-form';
import { XIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Switch } from '@/components/ui/switch';
import { EnumSelectField } from '../enum-select-field';
import { contentSourceSchema, routingTypeSchema, ruleStreamTypeSchema } from '@/lib/routing/schemas';
import { MODE_HELP, MODE_LABEL, SOURCE_LABEL, STREAM_TYPE_LABEL, type UpstreamOption } from './rule-labels';
import type { RuleFormValues } from './rule-form-values';

// Radix Select has no empty value: this one stands for "not set".
const ANY = '__any__';
const blankToUndefined = (v: string) => (v.trim() === '' ? undefined : v);

/** The fields of the create and edit forms. */
export function RuleFields({ upstreams }: { upstreams: UpstreamOption[] }) {
  const { control, watch } = useFormContext<RuleFormValues>();
  const routingType = watch('routingType');
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <FormField
        control={control}
        name="name"
        render={({ field }) => (
          <FormItem className="sm:col-span-2">
            <FormLabel>Name</FormLabel>
            <FormControl>
              <Input placeholder="Sports via redirect" name={field.name} ref={field.ref} onBlur={field.onBlur} value={field.value ?? ''} onChange={field.onChange} />
            </FormControl>
            <FormMessage />
          </FormItem>
        )}
      />
      <EnumSelectField control={control} name="routingType" label="Mode" options={routingTypeSchema.options} labels={MODE_LABEL} testId="rule-mode" description={MODE_HELP[routingType]} />
      <FormField
        control={control}
        name="priority"
        render={({ field }) => (
          <FormItem>
            <FormLabel>Priority</FormLabel>
            <FormControl>
              <Input
                type="number"
                inputMode="numeric"
                min={0}
                max={1000}
                name={field.name}
                ref={field.ref}
                onBlur={field.onBlur}
                value={field.value ?? ''}
                onChange={(e) => field.onChange(e.target.value === '' ? undefined : e.target.valueAsNumber)}
              />
            </FormControl>
            <FormDescription>0–1000; the highest matching rule decides.</FormDescription>
            <FormMessage />
          </FormItem>
        )}
      />
      <EnumSelectField control={control} name="contentSource" label="Applies to" options={contentSourceSchema.options} labels={SOURCE_LABEL} testId="rule-source" />
      <FormField
        control={control}
        name="match.streamType"
        render={({ field }) => (
          <FormItem>
            <FormLabel>Type</FormLabel>
            <Select
              name={field.name}
              value={field.value ?? ANY}
              onValueChange={(v) => field.onChange(v === ANY ? undefined : ruleStreamTypeSchema.parse(v))}
            >
              <FormControl>
                <SelectTrigger className="w-full" data-testid="rule-stream-type">
                  <SelectValue />
                </SelectTrigger>
              </FormControl>
              <SelectContent>
                <SelectItem value={ANY}>Any type</SelectItem>
                {ruleStreamTypeSchema.options.map((t) => (
                  <SelectItem key={t} value={t}>
                    {STREAM_TYPE_LABEL[t]}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
            <FormDescription>Series include their episodes.</FormDescription>
            <FormMessage />
          </FormItem>
        )}
      />
      <FormField
        control={control}
        name="match.upstreamId"
        render={({ field }) => (
          <FormItem>
            <FormLabel>Upstream</FormLabel>
            <Select name={field.name} value={field.value ?? ANY} onValueChange={(v) => field.onChange(v === ANY ? undefined : v)}>
              <FormControl>
                <SelectTrigger className="w-full" data-testid="rule-upstream">
                  <SelectValue />
                </SelectTrigger>
              </FormControl>
              <SelectContent>
                <SelectItem value={ANY}>Any upstream</SelectItem>
                {upstreams.map((u) => (
                  <SelectItem key={u.id} value={u.id}>
                    {u.name}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
            <FormMessage />
          </FormItem>
        )}
      />
      <FormField
        control={control}
        name="match.publicId"
        render={({ field }) => (
          <FormItem>
            <FormLabel>Public id</FormLabel>
            <FormControl>
              <Input
                type="number"
                inputMode="numeric"
                min={1}
                placeholder="Any"
                name={field.name}
                ref={field.ref}
                onBlur={field.onBlur}
                value={field.value ?? ''}
                onChange={(e) => field.onChange(e.target.value === '' ? undefined : e.target.valueAsNumber)}
              />
            </FormControl>
            <FormDescription>One item (a series id covers its episodes).</FormDescription>
            <FormMessage />
          </FormItem>
        )}
      />
      <FormField
        control={control}
        name="match.category"
        render={({ field }) => (
          <FormItem>
            <FormLabel>Category</FormLabel>
            <FormControl>
              <Input placeholder="Any" name={field.name} ref={field.ref} onBlur={field.onBlur} value={field.value ?? ''} onChange={(e) => field.onChange(blankToUndefined(e.target.value))} />
            </FormControl>
            <FormDescription>The category name, any case.</FormDescription>
            <FormMessage />
          </FormItem>
        )}
      />
      <FormField
        control={control}
        name="match.namePattern"
        render={({ field }) => (
          <FormItem className="sm:col-span-2">
            <FormLabel>Name pattern</FormLabel>
            <FormControl>
              <Input
                placeholder="*sport*  or  /^UK: .*HD$/i"
                autoCapitalize="none"
                spellCheck={false}
                name={field.name}
                ref={field.ref}
                onBlur={field.onBlur}
                value={field.value ?? ''}
                onChange={(e) => field.onChange(blankToUndefined(e.target.value))}
              />
            </FormControl>
            <FormDescription>A glob over the whole name (* any text, ? one character, any case) or a /regular expression/.</FormDescription>
            <FormMessage />
          </FormItem>
        )}
      />
      <UpstreamOrderField upstreams={upstreams} />
      <FormField
        control={control}
        name="routingConfig.failover"
        render={({ field }) => (
          <FormItem className="flex flex-row items-center justify-between gap-4 self-start rounded-md border px-3 py-2.5">
            <div className="grid gap-1">
              <FormLabel>Failover</FormLabel>
              <FormDescription>Try copies on other upstreams.</FormDescription>
            </div>
            <FormControl>
              <Switch name={field.name} checked={field.value ?? true} onCheckedChange={field.onChange} data-testid="rule-failover" />
            </FormControl>
          </FormItem>
        )}
      />
      <FormField
        control={control}
        name="enabled"
        render={({ field }) => (
          <FormItem className="flex flex-row items-center justify-between gap-4 self-start rounded-md border px-3 py-2.5">
            <div className="grid gap-1">
              <FormLabel>Enabled</FormLabel>
              <FormDescription>Off: the rule is kept but ignored.</FormDescription>
            </div>
            <FormControl>
              <Switch name={field.name} checked={field.value ?? true} onCheckedChange={field.onChange} data-testid="rule-enabled" />
            </FormControl>
          </FormItem>
        )}
      />
    </div>
  );
}

/** Upstreams to try first, in order: picked one by one from a list. */
function UpstreamOrderField({ upstreams }: { upstreams: UpstreamOption[] }) {
  const { control } = useFormContext<RuleFormValues>();
  return (
    <FormField
      control={control}
      name="routingConfig.upstreamOrder"
      render={({ field }) => {
        const order = field.value ?? [];
        const rest = upstreams.filter((u) => !order.includes(u.id));
        return (
          <FormItem className="sm:col-span-2">
            <FormLabel>Try these upstreams first</FormLabel>
            {order.length > 0 && (
              <ol className="flex flex-wrap gap-2">
                {order.map((id, i) => (
                  <li key={id} className="inline-flex items-center gap-1 rounded-md border py-0.5 pr-0.5 pl-2 text-sm">
                    <span className="text-muted-foreground">{i + 1}.</span> {upstreams.find((u) => u.id === id)?.name ?? 'Removed upstream'}
                    <Button type="button" variant="ghost" size="icon-sm" aria-label="Remove from the order" onClick={() => field.onChange(order.filter((o) => o !== id))}>
                      <XIcon />
                    </Button>
                  </li>
                ))}
              </ol>
            )}
            {rest.length > 0 && (
              <Select value="" onValueChange={(v) => field.onChange([...order, v])}>
                <FormControl>
                  <SelectTrigger className="w-full sm:w-64" data-testid="rule-upstream-order">
                    <SelectValue placeholder={order.length ? 'Then…' : 'Default: by upstream priority'} />
                  </SelectTrigger>
                </FormControl>
                <SelectContent>
                  {rest.map((u) => (
                    <SelectItem key={u.id} value={u.id}>
                      {u.name}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )}
            <FormDescription>The rest follow by upstream priority.</FormDescription>
            <FormMessage />
          </FormItem>
        );
      }}
    />
  );
}
