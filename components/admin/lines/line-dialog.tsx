'use client';

import { toast } from 'sonner';
import { createLineSchema, updateLineSchema, type LineView } from '@/lib/lines/schemas';
import { describeApiError } from '../api-client';
import { ApiForm, EntityDialog, FormFooter, type DialogTargetProps } from '../form/entity-dialog';
import { bodyResolver, useApiForm } from '../form/use-api-form';
import { parseLineCredentials, type LineCredentials } from './credentials';
import type { BouquetChoice } from './bouquet-picker-field';
import { LineFields } from './line-fields';
import { changedFields, createBodyOf, EMPTY_LINE, FIELD_NAMES, lineToFormValues, type LineFormValues } from './line-form-values';

/** Add a player account, or edit one. */
export function LineDialog({ onCreated, bouquets, ...target }: DialogTargetProps<LineView> & { onCreated: (credentials: LineCredentials) => void; bouquets: BouquetChoice[] }) {
  return (
    <EntityDialog
      {...target}
      className="sm:max-w-2xl"
      title={(line) => (line ? `Edit ${line.username}` : 'Add player account')}
      description={(line) =>
        line ? "Changes apply from the account's next request." : "An Xtream login for one person's players. You get the links to hand out next."
      }
    >
      {(line, close) => <LineForm key={line?.id ?? 'new'} line={line} onDone={close} onCreated={onCreated} bouquets={bouquets} />}
    </EntityDialog>
  );
}

function LineForm({ line, onDone, onCreated, bouquets }: { line: LineView | null; onDone: () => void; onCreated: (credentials: LineCredentials) => void; bouquets: BouquetChoice[] }) {
  const { form, submit, busy } = useApiForm<LineFormValues, LineFormValues>({
    resolver: line ? bodyResolver(updateLineSchema, (v: LineFormValues) => changedFields(line, v), FIELD_NAMES) : bodyResolver(createLineSchema, createBodyOf, FIELD_NAMES),
    defaultValues: line ? lineToFormValues(line) : EMPTY_LINE,
    fields: FIELD_NAMES,
    request: (v) => {
      if (!line) return { method: 'POST', path: '/api/lines', body: createBodyOf(v) };
      const body = changedFields(line, v);
      return Object.keys(body).length === 0 ? null : { method: 'PATCH', path: `/api/lines/${encodeURIComponent(line.id)}`, body };
    },
    success: (v) => (line ? `Account ${v.username || line.username} updated` : `Account ${v.username} created`),
    onDone,
    onSaved: (answer) => {
      if (line) return;
      try {
        onCreated(parseLineCredentials(answer));
      } catch (err) {
        toast.error(describeApiError(err));
      }
    },
  });
  return (
    <ApiForm form={form} submit={submit} testId="line-form">
      <LineFields control={form.control} editing={line !== null} bouquets={bouquets} />
      <FormFooter busy={busy} onCancel={onDone} submitLabel={line ? 'Save changes' : 'Create account'} busyLabel={line ? 'Saving…' : 'Creating…'} testId="line-submit" />
    </ApiForm>
  );
}
