'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { PlusIcon } from 'lucide-react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { Form } from '@/components/ui/form';
import { routingRuleSchema, type RoutingRuleInput, type RoutingRuleView } from '@/lib/routing/schemas';
import { ApiError, callApi, describeApiError } from '../api-client';
import { RuleFields } from './rule-fields';
import { EMPTY_RULE, FIELD_NAMES, ruleToFormValues, type RuleFormValues } from './rule-form-values';
import type { UpstreamOption } from './rule-labels';

/** The "Add rule" button and its dialog. */
export function CreateRuleDialog({ upstreams }: { upstreams: UpstreamOption[] }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" data-testid="add-rule">
          <PlusIcon /> Add rule
        </Button>
      </DialogTrigger>
      <DialogContent className="max-h-[92dvh] overflow-y-auto sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>Add routing rule</DialogTitle>
          <DialogDescription>Leave a match field empty to match anything there.</DialogDescription>
        </DialogHeader>
        {open && <RuleForm upstreams={upstreams} onDone={() => setOpen(false)} />}
      </DialogContent>
    </Dialog>
  );
}

export function EditRuleDialog({ rule, upstreams, onOpenChange }: { rule: RoutingRuleView | null; upstreams: UpstreamOption[]; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={rule !== null} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[92dvh] overflow-y-auto sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>Edit {rule?.name || 'rule'}</DialogTitle>
          <DialogDescription>Changes apply to the next stream request.</DialogDescription>
        </DialogHeader>
        {/* Keyed so each rule opens with a fresh form. */}
        {rule && <RuleForm key={rule.id} rule={rule} upstreams={upstreams} onDone={() => onOpenChange(false)} />}
      </DialogContent>
    </Dialog>
  );
}

function RuleForm({ rule, upstreams, onDone }: { rule?: RoutingRuleView; upstreams: UpstreamOption[]; onDone: () => void }) {
  const router = useRouter();
  const form = useForm<RuleFormValues, unknown, RoutingRuleInput>({
    resolver: zodResolver(routingRuleSchema),
    defaultValues: rule ? ruleToFormValues(rule) : EMPTY_RULE,
  });

  async function onSubmit(values: RoutingRuleInput) {
    const body = { ...values, name: values.name?.trim() || null };
    try {
      if (rule) await callApi(`/api/routing-rules/${encodeURIComponent(rule.id)}`, { method: 'PATCH', body });
      else await callApi('/api/routing-rules', { method: 'POST', body });
    } catch (err) {
      if (err instanceof ApiError) {
        for (const name of FIELD_NAMES) if (err.fields[name]) form.setError(name, { message: err.fields[name] });
      }
      toast.error(describeApiError(err));
      return;
    }
    toast.success(rule ? 'Rule updated' : 'Rule added');
    onDone();
    router.refresh();
  }

  return (
    <Form {...form}>
      <form onSubmit={form.handleSubmit(onSubmit)} className="grid gap-5" noValidate data-testid="rule-form">
        <RuleFields upstreams={upstreams} />
        <DialogFooter>
          <Button type="button" variant="outline" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" disabled={form.formState.isSubmitting} data-testid="rule-submit">
            {form.formState.isSubmitting ? 'Saving…' : rule ? 'Save changes' : 'Add rule'}
          </Button>
        </DialogFooter>
      </form>
    </Form>
  );
}
