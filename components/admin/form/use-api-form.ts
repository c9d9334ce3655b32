'use client';

import { useRouter } from 'next/navigation';
import { useForm, type DefaultValues, type FieldErrors, type FieldPath, type FieldValues, type Resolver, type UseFormReturn } from 'react-hook-form';
import type { z } from 'zod';
import { toast } from 'sonner';
import { ApiError, callApi, describeApiError } from '../api-client';

/** What one submit sends; null when nothing changed (the form closes as if saved, without a request). */
export type ApiRequest = { method: 'POST' | 'PATCH'; path: string; body: unknown } | null;

interface ApiFormOptions<TIn extends FieldValues, TOut> {
  /** `zodResolver(schema)` with the schema the API route parses, or a resolver that validates the body it would send. */
  resolver: Resolver<TIn, unknown, TOut>;
  defaultValues: TIn;
  /** The form's fields the API may name in `error.fields` (dotted paths such as `match.namePattern`). */
  fields: readonly FieldPath<TIn>[];
  request: (values: TOut) => ApiRequest;
  /** The success toast. */
  success: (values: TOut) => string;
  /** After a successful request, with the API's answer. */
  onSaved?: (answer: unknown) => void;
  /** After a successful request or a submit with nothing to send: the dialog closes here. */
  onDone?: () => void;
  /** Re-render the page's server data after a save (default true). */
  refresh?: boolean;
}

/**
 * The admin forms' submit: the shared zod schema validates in the browser, one request goes through
 * callApi, the API's field messages land on their inputs, a toast says how it went.
 */
export function useApiForm<TIn extends FieldValues, TOut>(options: ApiFormOptions<TIn, TOut>) {
  const router = useRouter();
  const form = useForm<TIn, unknown, TOut>({
    resolver: options.resolver,
    defaultValues: options.defaultValues as DefaultValues<TIn>,
  });

  async function save(values: TOut) {
    const request = options.request(values);
    if (request === null) {
      options.onDone?.();
      return;
    }
    let answer: unknown;
    try {
      answer = await callApi(request.path, { method: request.method, body: request.body });
    } catch (err) {
      applyApiFieldErrors(form, err, options.fields);
      toast.error(describeApiError(err));
      return;
    }
    toast.success(options.success(values));
    options.onDone?.();
    if (options.refresh ?? true) router.refresh();
    options.onSaved?.(answer);
  }

  return { form, submit: form.handleSubmit(save), busy: form.formState.isSubmitting };
}

/**
 * Puts the API's `error.fields` on the form: each key on the longest field name it starts with
 * (`genre.0` lands on `genre`); a key that names no field stays in the toast only.
 */
export function applyApiFieldErrors<T extends FieldValues>(form: Pick<UseFormReturn<T>, 'setError'>, err: unknown, fields: readonly FieldPath<T>[]): void {
  if (!(err instanceof ApiError)) return;
  for (const [key, message] of Object.entries(err.fields)) {
    const name = fieldForKey(key, fields);
    if (name) form.setError(name, { message });
  }
}

/**
 * Validates the body a submit would send (`toBody`) with the API route's own schema, for forms whose
 * inputs are not the body itself (an edit sends only what changed); messages land on the fields.
 */
export function bodyResolver<T extends FieldValues>(schema: z.ZodType, toBody: (values: T) => unknown, fields: readonly FieldPath<T>[]): Resolver<T> {
  return async (values) => {
    const parsed = schema.safeParse(toBody(values));
    if (parsed.success) return { values, errors: {} };
    const errors: Record<string, { type: string; message: string }> = {};
    for (const issue of parsed.error.issues) {
      const name = fieldForKey(issue.path.join('.'), fields);
      if (name && !errors[name]) errors[name] = { type: 'validate', message: issue.message };
    }
    return { values: {}, errors: toFieldErrors<T>(errors) };
  };
}

// react-hook-form reads nested names ("a.b") from nested objects.
function toFieldErrors<T extends FieldValues>(flat: Record<string, { type: string; message: string }>): FieldErrors<T> {
  const out: FieldErrors<T> = {};
  for (const [name, error] of Object.entries(flat)) {
    const parts = name.split('.');
    let node: Record<string, unknown> = out;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]] = error;
  }
  return out;
}

/** A form's top-level field names, read off its empty values (the `fields` of most forms). */
export function fieldNamesOf<T extends FieldValues>(values: T): FieldPath<T>[] {
  return Object.keys(values).filter((key): key is FieldPath<T> => key in values);
}

function fieldForKey<N extends string>(key: string, fields: readonly N[]): N | undefined {
  const parts = key.split('.');
  for (let n = parts.length; n > 0; n--) {
    const prefix = parts.slice(0, n).join('.');
    const name = fields.find((f) => f === prefix);
    if (name) return name;
  }
  return undefined;
}
