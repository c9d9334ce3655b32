import type { z } from 'zod';
import type { createLineSchema, LineView, UpdateLineInput } from '@/lib/lines/schemas';

/** The form's values: the create input; the edit form has the same fields. */
export type LineFormValues = z.input<typeof createLineSchema>;

export const FIELD_NAMES = [
  'username',
  'password',
  'maxConnections',
  'expiresAt',
  'isTrial',
  'status',
  'allowedOutputFormats',
  'onLimit',
  'notes',
] as const satisfies readonly (keyof LineFormValues)[];

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
};

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
  };
}

/** Only what differs from the saved account; an empty password keeps the current one. */
export function changedFields(line: LineView, values: UpdateLineInput): UpdateLineInput {
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
  return body;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * A `<input type="date">` value (the account's last day, in the admin's time zone) as the ISO instant
 * it ends, and back. Empty means never.
 */
export function dateInputToIso(value: string): string | null {
  const match = /^(\d{4,})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const end = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59);
  return Number.isNaN(end.getTime()) ? null : end.toISOString();
}

export function isoToDateInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
