'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { createLocalContentSchema, type CreateLocalContentInput, type LocalContentView } from '@/lib/local-content/schemas';
import { ApiForm, EntityDialog, FormFooter, type DialogTargetProps } from '../form/entity-dialog';
import { useApiForm } from '../form/use-api-form';
import { ItemFields } from './item-fields';
import { EMPTY_ITEM, ITEM_FIELDS, itemToFormValues, type ItemFormValues } from './item-form-values';

/** Add a local movie or series, or edit one. */
export function LocalContentDialog(props: DialogTargetProps<LocalContentView>) {
  return (
    <EntityDialog
      {...props}
      className="sm:max-w-2xl"
      title={(item) => (item ? `Edit ${item.title}` : 'Add movie or series')}
      description={(item) =>
        item ? `Public id ${item.publicId}; players see the change on their next list request.` : 'Players see it beside the upstream catalog and play it from its own URL.'
      }
    >
      {(item, close) => <ItemForm key={item?.id ?? 'new'} item={item} onDone={close} />}
    </EntityDialog>
  );
}

function ItemForm({ item, onDone }: { item: LocalContentView | null; onDone: () => void }) {
  const { form, submit, busy } = useApiForm<ItemFormValues, CreateLocalContentInput>({
    resolver: zodResolver(createLocalContentSchema),
    defaultValues: item ? itemToFormValues(item) : EMPTY_ITEM,
    fields: ITEM_FIELDS,
    request: (values) => {
      const body = { ...values, category: values.category?.trim() || null };
      return item ? { method: 'PATCH', path: `/api/content/local/${encodeURIComponent(item.id)}`, body } : { method: 'POST', path: '/api/content/local', body };
    },
    success: (values) => `${values.title} ${item ? 'updated' : 'added'}`,
    onDone,
  });
  return (
    <ApiForm form={form} submit={submit} testId="local-item-form">
      <ItemFields control={form.control} />
      <FormFooter busy={busy} onCancel={onDone} submitLabel={item ? 'Save changes' : 'Add'} testId="local-item-submit" />
    </ApiForm>
  );
}
