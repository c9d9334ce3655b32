import type { Resolver } from 'react-hook-form';
import type { z } from 'zod';
import {
  createUpstreamSchema,
  testUpstreamSchema,
  updateUpstreamSchema,
  type UpstreamView,
} from '@/lib/upstream/server-schemas';
import { bodyResolver, fieldNamesOf } from '../form/use-api-form';

/** What the inputs hold; numbers stay text until they are turned into the API body. */
export interface UpstreamFormValues {
  name: string;
  serverUrl: string;
  username: string;
  password: string;
  timeoutSeconds: string;
  priority: string;
  userAgent: string;
  maxConnections: string;
  syncIntervalMinutes: string;
  isActive: boolean;
}

export const emptyUpstreamForm: UpstreamFormValues = {
  name: '',
  serverUrl: '',
  username: '',
  password: '',
  timeoutSeconds: '30',
  priority: '0',
  userAgent: '',
  maxConnections: '',
  syncIntervalMinutes: '360',
  isActive: true,
};

export const upstreamFieldNames = fieldNamesOf(emptyUpstreamForm);

export function formValuesOf(upstream: UpstreamView): UpstreamFormValues {
  return {
    name: upstream.name,
    serverUrl: upstream.serverUrl,
    username: upstream.username,
    password: '',
    timeoutSeconds: String(upstream.timeoutSeconds),
    priority: String(upstream.priority),
    userAgent: upstream.userAgent ?? '',
    maxConnections: upstream.maxConnections === null ? '' : String(upstream.maxConnections),
    syncIntervalMinutes: String(upstream.syncIntervalMinutes),
    isActive: upstream.isActive,
  };
}

// An empty number input means "the default" (or "keep" when editing); NaN is left for zod to refuse.
const numberOrUndefined = (text: string) => (text.trim() === '' ? undefined : Number(text));

export type CreateBody = z.input<typeof createUpstreamSchema>;
export type UpdateBody = z.input<typeof updateUpstreamSchema>;

/** The POST /api/upstream body: numbers as numbers, empty optional text left out. */
export function createBodyOf(v: UpstreamFormValues): CreateBody {
  return {
    serverUrl: v.serverUrl,
    username: v.username,
    password: v.password,
    ...(v.name.trim() ? { name: v.name } : {}),
    isActive: v.isActive,
    timeoutSeconds: numberOrUndefined(v.timeoutSeconds),
    priority: numberOrUndefined(v.priority),
    ...(v.userAgent.trim() ? { userAgent: v.userAgent } : {}),
    maxConnections: v.maxConnections.trim() === '' ? null : Number(v.maxConnections),
    syncIntervalMinutes: numberOrUndefined(v.syncIntervalMinutes),
  };
}

/**
 * The PATCH /api/upstream/{id} body: only what differs from the stored upstream. An empty password
 * is left out, which keeps the stored one.
 */
export function updateBodyOf(v: UpstreamFormValues, upstream: UpstreamView): UpdateBody {
  const before = formValuesOf(upstream);
  const changed = (k: keyof UpstreamFormValues) => v[k] !== before[k];
  const body: UpdateBody = {};
  if (changed('name') && v.name.trim()) body.name = v.name;
  if (changed('serverUrl')) body.serverUrl = v.serverUrl;
  if (changed('username')) body.username = v.username;
  if (v.password) body.password = v.password;
  if (changed('timeoutSeconds')) body.timeoutSeconds = numberOrUndefined(v.timeoutSeconds);
  if (changed('priority')) body.priority = numberOrUndefined(v.priority);
  if (changed('userAgent')) body.userAgent = v.userAgent.trim() ? v.userAgent : null;
  if (changed('maxConnections')) body.maxConnections = v.maxConnections.trim() === '' ? null : Number(v.maxConnections);
  if (changed('syncIntervalMinutes')) body.syncIntervalMinutes = numberOrUndefined(v.syncIntervalMinutes);
  if (changed('isActive')) body.isActive = v.isActive;
  return body;
}

/** The POST /api/upstream/test body from what the form holds. */
export function testBodyOf(v: UpstreamFormValues): z.input<typeof testUpstreamSchema> {
  const timeoutSeconds = numberOrUndefined(v.timeoutSeconds);
  return {
    serverUrl: v.serverUrl,
    username: v.username,
    password: v.password,
    ...(timeoutSeconds !== undefined && Number.isInteger(timeoutSeconds) && timeoutSeconds >= 5 && timeoutSeconds <= 300
      ? { timeoutSeconds }
      : {}),
    ...(v.userAgent.trim() ? { userAgent: v.userAgent } : {}),
  };
}

/** Validates the body a submit would send with the API route's own schema. */
export function upstreamResolver(upstream: UpstreamView | null): Resolver<UpstreamFormValues> {
  return upstream
    ? bodyResolver(updateUpstreamSchema, (v: UpstreamFormValues) => updateBodyOf(v, upstream), upstreamFieldNames)
    : bodyResolver(createUpstreamSchema, createBodyOf, upstreamFieldNames);
}
