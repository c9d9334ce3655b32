'use client';

import { useState } from 'react';
import { PlugZapIcon } from 'lucide-react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { testUpstreamSchema, type UpstreamView } from '@/lib/upstream/server-schemas';
import { callApi, describeApiError } from '../api-client';
import { ApiForm, EntityDialog, FormFooter, type DialogTargetProps } from '../form/entity-dialog';
import { NumberTextField, PasswordField, SwitchField, TextField } from '../form/fields';
import { applyApiFieldErrors, useApiForm } from '../form/use-api-form';
import { hostOf } from './format';
import { testResultSchema, type TestResult } from './test-result';
import { TestResultBox } from './test-result-box';
import {
  createBodyOf,
  emptyUpstreamForm,
  formValuesOf,
  testBodyOf,
  updateBodyOf,
  upstreamFieldNames,
  upstreamResolver,
  type UpstreamFormValues,
} from './upstream-form';

const CREDENTIALS = ['serverUrl', 'username', 'password'] as const;

/** Add an upstream, or edit one; both can test the connection before saving. `onCreated` gets a new upstream's id. */
export function UpstreamDialog({ onCreated, ...props }: DialogTargetProps<UpstreamView> & { onCreated?: (id: string) => void }) {
  return (
    <EntityDialog
      {...props}
      className="sm:max-w-xl"
      title={(upstream) => (upstream ? `Edit ${upstream.name}` : 'Add upstream')}
      description={(upstream) =>
        upstream
          ? 'Change how NeroPanel reaches this provider. Leave the password empty to keep the stored one.'
          : 'An Xtream provider, or an M3U playlist, whose channels and movies NeroPanel syncs and relays.'
      }
    >
      {(upstream, close) => <UpstreamForm key={upstream?.id ?? 'new'} upstream={upstream} onDone={close} onCreated={onCreated} />}
    </EntityDialog>
  );
}

function UpstreamForm({ upstream, onDone, onCreated }: { upstream: UpstreamView | null; onDone: () => void; onCreated?: (id: string) => void }) {
  const [testing, setTesting] = useState(false);
  const [testResult, setTestResult] = useState<TestResult | null>(null);
  const { form, submit, busy } = useApiForm<UpstreamFormValues, UpstreamFormValues>({
    resolver: upstreamResolver(upstream),
    defaultValues: upstream ? formValuesOf(upstream) : emptyUpstreamForm,
    fields: upstreamFieldNames,
    request: (v) => {
      if (!upstream) return { method: 'POST', path: '/api/upstream', body: createBodyOf(v) };
      const body = updateBodyOf(v, upstream);
      return Object.keys(body).length === 0 ? null : { method: 'PATCH', path: `/api/upstream/${encodeURIComponent(upstream.id)}`, body };
    },
    success: (v) => {
      const label = v.name.trim() || upstream?.name || hostOf(v.kind === 'm3u' ? v.playlistUrl : v.serverUrl);
      return upstream ? `Upstream ${label} updated` : `Upstream ${label} added`;
    },
    onDone,
    onSaved: (answer) => {
      const id = (answer as { id?: unknown } | null)?.id;
      if (!upstream && typeof id === 'string') onCreated?.(id);
    },
  });

  async function testConnection() {
    const values = form.getValues();
    form.clearErrors([...CREDENTIALS]);
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
        for (const issue of parsed.error.issues) {
          const name = CREDENTIALS.find((n) => n === issue.path[0]);
          if (name && !form.getFieldState(name).error) form.setError(name, { message: issue.message });
        }
        return;
      }
    }
    setTesting(true);
    try {
      const answer = testResultSchema.safeParse(await callApi(path, { method: 'POST', body }));
      if (answer.success) setTestResult(answer.data);
      else toast.error('The server gave an unexpected answer to the connection test.');
    } catch (err) {
      applyApiFieldErrors(form, err, upstreamFieldNames);
      toast.error(describeApiError(err));
    } finally {
      setTesting(false);
    }
  }

  const { control } = form;
  const kind = form.watch('kind');
  return (
    <ApiForm form={form} submit={submit} className="gap-4" testId="upstream-form">
      {!upstream && (
        <div className="flex gap-2" role="radiogroup" aria-label="Kind of upstream">
          {(['xtream', 'm3u'] as const).map((k) => (
            <Button
              key={k}
              type="button"
              size="sm"
              role="radio"
              aria-checked={kind === k}
              variant={kind === k ? 'default' : 'outline'}
              data-testid={`upstream-kind-${k}`}
              onClick={() => form.setValue('kind', k)}
            >
              {k === 'xtream' ? 'Xtream account' : 'M3U playlist'}
            </Button>
          ))}
        </div>
      )}
      <TextField
        control={control}
        name="name"
        label="Name"
        placeholder={kind === 'm3u' ? 'My playlist' : "Defaults to the server's host"}
        description={kind === 'm3u' ? 'How this playlist is shown in the panel.' : 'Optional. How this provider is shown in the panel.'}
      />
      {kind === 'm3u' ? (
        <>
          <TextField
            control={control}
            name="playlistUrl"
            label="Playlist URL"
            placeholder={upstream ? 'Leave empty to keep the stored one' : 'http://provider.example.com/playlist.m3u'}
            type="url"
            inputMode="url"
            description="M3U or M3U8, plain or gzip. Stored encrypted: it usually holds your credentials."
          />
          <TextField control={control} name="epgUrl" label="Guide URL" placeholder="http://provider.example.com/epg.xml.gz" type="url" inputMode="url" description="Optional. An XMLTV guide for these channels." />
        </>
      ) : (
        <>
          <TextField control={control} name="serverUrl" label="Server URL" placeholder="http://provider.example.com:8080" type="url" inputMode="url" />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField control={control} name="username" label="Username" />
            <PasswordField control={control} name="password" label="Password" placeholder={upstream ? 'Leave empty to keep the stored one' : undefined} />
          </div>
        </>
      )}

      {kind === 'xtream' && <div className="grid gap-2">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <Button type="button" variant="outline" size="sm" data-testid="test-connection" disabled={testing} onClick={() => void testConnection()}>
            <PlugZapIcon /> {testing ? 'Testing…' : 'Test connection'}
          </Button>
          <span className="text-xs text-muted-foreground">Logs in once with these credentials; nothing is saved.</span>
        </div>
        {testResult && <TestResultBox result={testResult} onDismiss={() => setTestResult(null)} />}
      </div>}

      <div className="grid gap-4 border-t pt-4 sm:grid-cols-2">
        <NumberTextField control={control} name="timeoutSeconds" label="Timeout (seconds)" min={5} max={300} description="5 to 300." />
        <NumberTextField control={control} name="priority" label="Priority" min={0} max={1000} description="0 to 1000; higher wins when providers overlap." />
        <NumberTextField control={control} name="maxConnections" label="Max connections" min={0} placeholder="From the provider" description="Optional override of the account's limit." />
        <NumberTextField control={control} name="syncIntervalMinutes" label="Sync interval (minutes)" min={0} max={10_080} description="0 syncs only when you ask." />
      </div>
      <TextField control={control} name="userAgent" label="User agent" placeholder="NeroPanel's default" description="Optional. Some providers only answer known players." />
      <SwitchField
        control={control}
        name="isActive"
        label="Active"
        description="Disabled upstreams are not synced and their content is hidden from players."
        testId="upstream-active"
      />
      <FormFooter busy={busy} onCancel={onDone} submitLabel={upstream ? 'Save changes' : 'Add upstream'} />
    </ApiForm>
  );
}
