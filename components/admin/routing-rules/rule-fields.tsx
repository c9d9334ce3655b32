'use client';

import { useWatch, type Control } from 'react-hook-form';
import { XIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { contentSourceSchema, routingTypeSchema, ruleStreamTypeSchema, type RoutingRuleInput } from '@/lib/routing/schemas';
import { NumberField, SelectField, SwitchField, TextField } from '../form/fields';
import { MODE_HELP, MODE_LABEL, SOURCE_LABEL, STREAM_TYPE_LABEL, type UpstreamOption } from './rule-labels';
import type { RuleFormValues } from './rule-form-values';

type RuleControl = Control<RuleFormValues, unknown, RoutingRuleInput>;

/** The rule's fields. */
export function RuleFields({ control, upstreams }: { control: RuleControl; upstreams: UpstreamOption[] }) {
  const routingType = useWatch({ control, name: 'routingType' });
  const upstreamNames = Object.fromEntries(upstreams.map((u) => [u.id, u.name]));
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <TextField control={control} name="name" label="Name" placeholder="Sports via redirect" spellCheck autoCapitalize="sentences" className="sm:col-span-2" />
      <SelectField control={control} name="routingType" label="Mode" options={routingTypeSchema.options} labels={MODE_LABEL} testId="rule-mode" description={MODE_HELP[routingType]} />
      <NumberField control={control} name="priority" label="Priority" min={0} max={1000} emptyAs={undefined} description="0–1000; the highest matching rule decides." />
      <SelectField control={control} name="contentSource" label="Applies to" options={contentSourceSchema.options} labels={SOURCE_LABEL} testId="rule-source" />
      <SelectField
        control={control}
        name="match.streamType"
        label="Type"
        options={ruleStreamTypeSchema.options}
        labels={STREAM_TYPE_LABEL}
        anyLabel="Any type"
        testId="rule-stream-type"
        description="Series include their episodes."
      />
      <SelectField control={control} name="match.upstreamId" label="Upstream" options={upstreams.map((u) => u.id)} labels={upstreamNames} anyLabel="Any upstream" testId="rule-upstream" />
      <NumberField control={control} name="match.publicId" label="Public id" min={1} placeholder="Any" emptyAs={undefined} description="One item (a series id covers its episodes)." />
      <TextField control={control} name="match.category" label="Category" placeholder="Any" emptyAs={undefined} description="The category name, any case." />
      <TextField
        control={control}
        name="match.namePattern"
        label="Name pattern"
        placeholder="*sport*  or  /^UK: .*HD$/i"
        emptyAs={undefined}
        className="sm:col-span-2"
        description="A glob over the whole name (* any text, ? one character, any case) or a /regular expression/."
      />
      <UpstreamOrderField control={control} upstreams={upstreams} />
      <SwitchField control={control} name="routingConfig.failover" label="Failover" description="Try copies on other upstreams." testId="rule-failover" className="self-start" />
      <SwitchField control={control} name="enabled" label="Enabled" description="Off: the rule is kept but ignored." testId="rule-enabled" className="self-start" />
    </div>
  );
}

/** Upstreams to try first, in order: picked one by one from a list. */
function UpstreamOrderField({ control, upstreams }: { control: RuleControl; upstreams: UpstreamOption[] }) {
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
