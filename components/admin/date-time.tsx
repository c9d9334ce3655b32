'use client';

import { useSyncExternalStore } from 'react';
import { cn } from '@/lib/utils';

// The admin pages' one place for times: API times are ISO-8601 in UTC. The server cannot know the
// browser's zone, so server HTML and the hydration pass show UTC, then the browser re-renders.

const utcDateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const utcDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

export const formatUtcDateTime = (iso: string) => `${utcDateTime.format(new Date(iso))} UTC`;
export const formatUtcDate = (iso: string) => utcDate.format(new Date(iso));
/** "14:03:09 UTC" */
export const formatUtcTime = (iso: string) => `${new Date(iso).toISOString().slice(11, 19)} UTC`;

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** "just now", "5 min ago", "3 h ago", "2 days ago" (or "in ..." for the future). */
export function relativeTime(iso: string, now: number): string {
  const diff = now - new Date(iso).getTime();
  const abs = Math.abs(diff);
  const wrap = (text: string) => (diff >= 0 ? `${text} ago` : `in ${text}`);
  if (abs < MINUTE_MS) return 'just now';
  const minutes = Math.round(abs / MINUTE_MS);
  if (minutes < 60) return wrap(`${minutes} min`);
  const hours = Math.round(abs / HOUR_MS);
  if (hours < 48) return wrap(`${hours} h`);
  return wrap(`${Math.round(abs / DAY_MS)} days`);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - m * 60)} s`;
}

const pad = (n: number) => String(n).padStart(2, '0');
const localDate = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/**
 * An `<input type="date">` value (a last day, in the admin's time zone) as the ISO instant that day
 * ends, and back. Empty means none (null).
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
  return Number.isNaN(d.getTime()) ? '' : localDate(d);
}

/** An `<input type="datetime-local">` value (the admin's zone) as an ISO instant, and back. */
export function dateTimeInputToIso(value: string): string | null {
  if (!/^\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function isoToDateTimeInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : `${localDate(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const TICK_MS = 30_000;
const noSubscribe = () => () => {};
function subscribeToTicks(onChange: () => void) {
  const timer = setInterval(onChange, TICK_MS);
  return () => clearInterval(timer);
}
// Rounded so that repeated reads between ticks return the same snapshot.
const tickSnapshot = () => Math.floor(Date.now() / TICK_MS) * TICK_MS;

/** The browser's clock, refreshed every 30 s; null on the server and while hydrating. */
export function useNow(): number | null {
  return useSyncExternalStore(subscribeToTicks, tickSnapshot, () => null);
}

const useInBrowser = () => useSyncExternalStore(noSubscribe, () => true, () => false);

/** Date and time in the viewer's zone. */
export function DateTime({ value, fallback = '—' }: { value: string | null; fallback?: string }) {
  const inBrowser = useInBrowser();
  if (!value) return <span className="text-muted-foreground">{fallback}</span>;
  const date = new Date(value);
  return (
    <time dateTime={value} title={date.toISOString()}>
      {inBrowser ? date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : formatUtcDateTime(value)}
    </time>
  );
}

/** The date without the time, in the viewer's zone. */
export function DateOnly({ value }: { value: string }) {
  const inBrowser = useInBrowser();
  const date = new Date(value);
  return (
    <time dateTime={value} title={date.toISOString()}>
      {inBrowser ? date.toLocaleDateString(undefined, { dateStyle: 'medium' }) : formatUtcDate(value)}
    </time>
  );
}

/** The time of day (24 h, seconds) in the viewer's zone: for logs. */
export function TimeOfDay({ value }: { value: string }) {
  const inBrowser = useInBrowser();
  const date = new Date(value);
  return (
    <time dateTime={value} title={date.toISOString()} className="tabular-nums">
      {inBrowser ? date.toLocaleTimeString(undefined, { hour12: false }) : date.toISOString().slice(11, 19)}
    </time>
  );
}

/** "5 min ago", with the exact time in the title. */
export function RelativeTime({ value, fallback = 'Never' }: { value: string | null; fallback?: string }) {
  const now = useNow();
  if (!value) return <span className="text-muted-foreground">{fallback}</span>;
  return (
    <time dateTime={value} title={value}>
      {now === null ? formatUtcDateTime(value) : relativeTime(value, now)}
    </time>
  );
}

/** Milliseconds until `iso`, once the browser's clock is known. */
export function useTimeLeft(iso: string | null): number | null {
  const now = useNow();
  return now === null || iso === null ? null : new Date(iso).getTime() - now;
}

/** A provider account's expiry (UTC date); red once it is past or less than a week away. */
export function ExpiryDate({ value, known }: { value: string | null; known: boolean }) {
  const now = useNow();
  if (!value) {
    return <span className="text-muted-foreground">{known ? 'Never' : 'Not known yet'}</span>;
  }
  const left = now === null ? null : new Date(value).getTime() - now;
  const soon = left !== null && left < WEEK_MS;
  return (
    <time dateTime={value} title={value} data-expiring={soon || undefined} className={cn(soon && 'font-medium text-destructive')}>
      {formatUtcDate(value)}
      {left !== null && left < 0 && ' (expired)'}
      {left !== null && left >= 0 && soon && ` (${relativeTime(value, now ?? 0)})`}
    </time>
  );
}
