'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm, type Control, type FieldPath } from 'react-hook-form';
import { PlugZapIcon } from 'lucide-react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { Switch } from '@/components/ui/switch';
import { testUpstreamSchema, type UpstreamView } from '@/lib/upstream/server-schemas';
import { ApiError, callApi, describeApiError } from '../api-client';
import { hostOf } from './format';
import { testResultSchema, type TestResult } from './test-result';
import { TestResultBox } from './test-result-box';
import {
  createBodyOf,
  emptyUpstreamForm,
  fieldErrorsOf,
  formValuesOf,
  testBodyOf,
  updateBodyOf,
  upstreamFieldNames,
  upstreamResolver,
  type UpstreamFormValues,
} from './upstream-form';

interface UpstreamFormDialogProps {
  /** Closed when null; `upstream: null` adds a new one. */
  target: { upstream: UpstreamView | null } | null;
  onOpenChange: (open: boolean) => void;
}

export function UpstreamFormDialog({ target, onOpenChange }: UpstreamFormDialogProps) {
  const upstream = target?.upstream ?? null;
  return (
    <Dialog open={target !== null} onOpenChange={onOpenChange}>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>{upstream ? `Edit ${upstream.name}` : 'Add upstream'}</DialogTitle>
          <DialogDescription>
            {upstream
              ? 'Change how NeroPanel reaches this provider. Leave the password empty to keep the stored one.'
              : 'An Xtream provider whose live channels, movies and series NeroPanel syncs and relays.'}
          </DialogDescription>
        </DialogHeader>
        {/* Keyed so each opening starts from a fresh form. */}
        {target && <UpstreamForm key={upstream?.id ?? 'new'} upstream={upstream} onDone={() => onOpenChange(false)} />}
      </DialogContent>
    </Dialog>
  );
}

function UpstreamForm({ upstream, onDone }: { upstream: UpstreamView | null; onDone: () => void }) {
  const router = useRouter();
  const [testing, setTesting] = useState(false);
  const [testResult, setTestResult] = useState<TestResult | null>(null);
  const form = useForm<UpstreamFormValues>({
    resolver: upstreamResolver(upstream),
    defaultValues: upstream ? formValuesOf(upstream) : emptyUpstreamForm,
  });

  function showApiFieldErrors(err: unknown) {
    if (!(err instanceof ApiError)) return;
    for (const name of upstreamFieldNames) if (err.fields[name]) form.setError(name, { message: err.fields[name] });
  }

  async function testConnection() {
    const values = form.getValues();
    form.clearErrors(['serverUrl', 'username', 'password']);
    setTestResult(null);
    let path = '/api/upstream/test';
    let body: unknown = testBodyOf(values);
    if (upstream && !values.password) {
      if (values.serverUrl !== upstream.serverUrl || values.username !== upstream.username) {
        form.setError('password', { message: 'enter the password to test a changed server URL or username' });
        return;
      }
      // Nothing new to test with: test what is stored.
      path = `/api/upstream/${encodeURIComponent(upstream.id)}/test`;
      body = {};
    } else {
      const parsed = testUpstreamSchema.safeParse(body);
      if (!parsed.success) {
        const messages = fieldErrorsOf(parsed.error);
        for (const name of ['serverUrl', 'username', 'password'] as const) {
          const message = messages[name];
          if (message) form.setError(name, { message });
        }
        return;
      }
    }
    setTesting(true);
    setTestResult(null); // never show the previous outcome beside new input
    try {
      const answer = testResultSchema.safeParse(await callApi(path, { method: 'POST', body }));
      if (answer.success) setTestResult(answer.data);
      else toast.error('The server gave an unexpected answer to the connection test.');
    } catch (err) {
      showApiFieldErrors(err);
      toast.error(describeApiError(err));
    } finally {
      setTesting(false);
    }
  }

  async function onSubmit(values: UpstreamFormValues) {
    const label = values.name.trim() || upstream?.name || hostOf(values.serverUrl);
    try {
      if (upstream) {
        const body = updateBodyOf(values, upstream);
        if (Object.keys(body).length === 0) {
          onDone();
          return;
        }
        await callApi(`/api/upstream/${encodeURIComponent(upstream.id)}`, { method: 'PATCH', body });
      } else {
        await callApi('/api/upstream', { method: 'POST', body: createBodyOf(values) });
      }
    } catch (err) {
      showApiFieldErrors(err);
      toast.error(describeApiError(err));
      return;
    }
    toast.success(upstream ? `Upstream ${label} updated` : `Upstream ${label} added. Sync it to load its catalog.`);
    onDone();
    router.refresh();
  }

  const { control } = form;
  return (
    <Form {...form}>
      <form onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4" noValidate data-testid="upstream-form">
        <TextField
          control={control}
          name="name"
          label="Name"
          placeholder="Defaults to the server's host"
          description="Optional. How this provider is shown in the panel."
        />
        <TextField
          control={control}
          name="serverUrl"
          label="Server URL"
          placeholder="http://provider.example.com:8080"
          type="url"
          inputMode="url"
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField control={control} name="username" label="Username" autoComplete="off" />
          <TextField
            control={control}
            name="password"
            label="Password"
            type="password"
            autoComplete="new-password"
            placeholder={upstream ? 'Leave empty to keep the stored one' : undefined}
          />
        </div>

        <div className="grid gap-2">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <Button
              type="button"
              variant="outline"
              size="sm"
              data-testid="test-connection"
              disabled={testing}
              onClick={() => void testConnection()}
            >
              <PlugZapIcon /> {testing ? 'Testing…' : 'Test connection'}
            </Button>
            <span className="text-xs text-muted-foreground">Logs in once with these credentials; nothing is saved.</span>
          </div>
          {testResult && <TestResultBox result={testResult} onDismiss={() => setTestResult(null)} />}
        </div>

        <div className="grid gap-4 border-t pt-4 sm:grid-cols-2">
          <NumberField control={control} name="timeoutSeconds" label="Timeout (seconds)" min={5} max={300} description="5 to 300." />
          <NumberField
            control={control}
            name="priority"
            label="Priority"
            min={0}
            max={1000}
            description="0 to 1000; higher wins when providers overlap."
          />
          <NumberField
            control={control}
            name="maxConnections"
            label="Max connections"
            min={0}
            placeholder="From the provider"
            description="Optional override of the account's limit."
          />
          <NumberField
            control={control}
            name="syncIntervalMinutes"
            label="Sync interval (minutes)"
            min={0}
            max={10_080}
            description="0 syncs only when you ask."
          />
        </div>
        <TextField
          control={control}
          name="userAgent"
          label="User agent"
          placeholder="NeroPanel's default"
          description="Optional. Some providers only answer known players."
        />
        <FormField
          control={control}
          name="isActive"
          render={({ field }) => (
            <FormItem className="flex flex-row items-center justify-between gap-4 rounded-md border px-3 py-2.5">
              <div className="grid gap-1">
                <FormLabel>Active</FormLabel>
                <FormDescription>Disabled upstreams are not synced and their content is hidden from players.</FormDescription>
              </div>
              <FormControl>
                <Switch name={field.name} checked={field.value} onCheckedChange={field.onChange} data-testid="upstream-active" />
              </FormControl>
            </FormItem>
          )}
        />

        <DialogFooter>
          <Button type="button" variant="outline" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" disabled={form.formState.isSubmitting}>
            {form.formState.isSubmitting ? 'Saving…' : upstream ? 'Save changes' : 'Add upstream'}
          </Button>
        </DialogFooter>
      </form>
    </Form>
  );
}

type TextName = Exclude<FieldPath<UpstreamFormValues>, 'isActive'>;

interface TextFieldProps extends Omit<React.ComponentProps<'input'>, 'name'> {
  control: Control<UpstreamFormValues>;
  name: TextName;
  label: string;
  description?: string;
}

function TextField({ control, name, label, description, ...input }: TextFieldProps) {
  return (
    <FormField
      control={control}
      name={name}
      render={({ field }) => (
        <FormItem>
          <FormLabel>{label}</FormLabel>
          <FormControl>
            <Input autoCapitalize="none" spellCheck={false} {...input} {...field} />
          </FormControl>
          {description && <FormDescription>{description}</FormDescription>}
          <FormMessage />
        </FormItem>
      )}
    />
  );
}

function NumberField(props: TextFieldProps) {
  return <TextField type="number" inputMode="numeric" step={1} {...props} />;
}
