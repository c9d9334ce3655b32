'use client';

import { cn } from '@/lib/utils';
import { formatUtcDate, formatUtcDateTime, relativeTime } from './format';
import { useNow } from './use-now';

/** "5 min ago", with the exact time in the title; the UTC time until the browser's clock is known. */
export function RelativeTime({ value, fallback = 'Never' }: { value: string | null; fallback?: string }) {
  const now = useNow();
  if (!value) return <span className="text-muted-foreground">{fallback}</span>;
  return (
    <time dateTime={value} title={value}>
      {now === null ? formatUtcDateTime(value) : relativeTime(value, now)}
    </time>
  );
}

const WEEK_MS = 7 * 86_400_000;

/** The provider account's expiry date; red once it is past or less than a week away. */
export function ExpiryDate({ value, known }: { value: string | null; known: boolean }) {
  const now = useNow();
  if (!value) {
    return <span className="text-muted-foreground">{known ? 'Never' : 'Not known yet'}</span>;
  }
  const left = now === null ? null : new Date(value).getTime() - now;
  const soon = left !== null && left < WEEK_MS;
  return (
    <time
      dateTime={value}
      title={value}
      data-expiring={soon || undefined}
      className={cn(soon && 'font-medium text-destructive')}
    >
      {formatUtcDate(value)}
      {left !== null && left < 0 && ' (expired)'}
      {left !== null && left >= 0 && soon && ` (${relativeTime(value, now ?? 0)})`}
    </time>
  );
}
