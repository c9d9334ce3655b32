import type { Resolver } from 'react-hook-form';
import type { z } from 'zod';
import {
  createM3uUpstreamSchema,
  createUpstreamSchema,
  testUpstreamSchema,
  updateUpstreamSchema,
  type UpstreamView,
} from '@/lib/upstream/server-schemas';
import { bodyResolver, fieldNamesOf } from '../form/use-api-form';

/** What the inputs hold; numbers stay text until they are turned into the API body. */
export interface UpstreamFormValues {
  /** Xtream account or M3U playlist (chosen when adding; fixed afterwards). */
  kind: 'xtream' | 'm3u';
  /** M3U: the playlist URL (empty when editing keeps the stored one) and its guide's URL. */
  playlistUrl: string;
  epgUrl: string;
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
  kind: 'xtream',
  playlistUrl: '',
  epgUrl: '',
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
    kind: upstream.kind,
    playlistUrl: '',
    epgUrl: upstream.epgUrl ?? '',
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

export type CreateBody = z.input<typeof createUpstreamSchema> | z.input<typeof createM3uUpstreamSchema>;
export type UpdateBody = z.input<typeof updateUpstreamSchema>;

/** The settings both kinds of upstream send on create. */
function settingsBodyOf(v: UpstreamFormValues) {
  return {
    isActive: v.isActive,
    timeoutSeconds: numberOrUndefined(v.timeoutSeconds),
    priority: numberOrUndefined(v.priority),
    ...(v.userAgent.trim() ? { userAgent: v.userAgent } : {}),
    maxConnections: v.maxConnections.trim() === '' ? null : Number(v.maxConnections),
    syncIntervalMinutes: numberOrUndefined(v.syncIntervalMinutes),
  };
}

/** The POST /api/upstream body: numbers as numbers, empty optional text left out. */
export function createBodyOf(v: UpstreamFormValues): CreateBody {
  if (v.kind === 'm3u') {
    return {
      kind: 'm3u',
      name: v.name,
      playlistUrl: v.playlistUrl,
      ...(v.epgUrl.trim() ? { epgUrl: v.epgUrl } : {}),
      ...settingsBodyOf(v),
    };
  }
  return {
    serverUrl: v.serverUrl,
    username: v.username,
    password: v.password,
    ...(v.name.trim() ? { name: v.name } : {}),
    ...settingsBodyOf(v),
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
  if (upstream.kind === 'm3u') {
    if (v.playlistUrl.trim()) body.playlistUrl = v.playlistUrl;
    if (changed('epgUrl')) body.epgUrl = v.epgUrl.trim() ? v.epgUrl : null;
  } else {
    if (changed('serverUrl')) body.serverUrl = v.serverUrl;
    if (changed('username')) body.username = v.username;
    if (v.password) body.password = v.password;
  }
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
  if (upstream) return bodyResolver(updateUpstreamSchema, (v: UpstreamFormValues) => updateBodyOf(v, upstream), upstreamFieldNames);
  const xtream = bodyResolver(createUpstreamSchema, createBodyOf, upstreamFieldNames);
  const m3u = bodyResolver(createM3uUpstreamSchema, createBodyOf, upstreamFieldNames);
  return (values, context, options) => (values.kind === 'm3u' ? m3u : xtream)(values, context, options);
}
