import type { z } from 'zod';
import type { createLineSchema, LineView, UpdateLineInput } from '@/lib/lines/schemas';
import { fieldNamesOf } from '../form/use-api-form';

/** The form's values: the create input; the edit form has the same fields. */
export type LineFormValues = z.input<typeof createLineSchema>;

export const EMPTY_LINE: LineFormValues = {
  username: '',
  password: undefined,
  maxConnections: 1,
  expiresAt: null,
  isTrial: false,
  status: 'active',
  allowedOutputFormats: ['ts', 'm3u8'],
  onLimit: 'kick_oldest',
  notes: '',
  bouquetIds: [],
};

export const FIELD_NAMES = fieldNamesOf(EMPTY_LINE);

export function lineToFormValues(line: LineView): LineFormValues {
  return {
    username: line.username,
    password: undefined,
    maxConnections: line.maxConnections,
    expiresAt: line.expiresAt,
    isTrial: line.isTrial,
    status: line.status,
    allowedOutputFormats: line.allowedOutputFormats,
    onLimit: line.onLimit,
    notes: line.notes ?? '',
    bouquetIds: line.bouquetIds,
  };
}

/** The POST body: notes trimmed, left out when empty. */
export function createBodyOf(values: LineFormValues): LineFormValues {
  return { ...values, notes: values.notes?.trim() || undefined };
}

/** Only what differs from the saved account; an empty password keeps the current one. */
export function changedFields(line: LineView, values: LineFormValues): UpdateLineInput {
  const body: UpdateLineInput = {};
  if (values.username !== undefined && values.username !== line.username) body.username = values.username;
  if (values.password) body.password = values.password;
  if (values.maxConnections !== undefined && values.maxConnections !== line.maxConnections) body.maxConnections = values.maxConnections;
  if (values.expiresAt !== undefined && values.expiresAt !== line.expiresAt) body.expiresAt = values.expiresAt;
  if (values.isTrial !== undefined && values.isTrial !== line.isTrial) body.isTrial = values.isTrial;
  if (values.status !== undefined && values.status !== line.status) body.status = values.status;
  if (values.allowedOutputFormats && !sameSet(values.allowedOutputFormats, line.allowedOutputFormats)) {
    body.allowedOutputFormats = values.allowedOutputFormats;
  }
  if (values.onLimit !== undefined && values.onLimit !== line.onLimit) body.onLimit = values.onLimit;
  const notes = values.notes === undefined ? undefined : values.notes?.trim() || null;
  if (notes !== undefined && notes !== line.notes) body.notes = notes;
  if (values.bouquetIds && !sameOrder(values.bouquetIds, line.bouquetIds)) body.bouquetIds = values.bouquetIds;
  return body;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

const sameOrder = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
