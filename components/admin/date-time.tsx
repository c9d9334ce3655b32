'use client';

import { useSyncExternalStore } from 'react';

const noSubscribe = () => () => {};

const utcFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/**
 * An ISO time in the viewer's time zone. The server and the hydration pass render UTC (the server
 * cannot know the browser's zone), then the browser re-renders in local time.
 */
export function DateTime({ value, fallback = '—' }: { value: string | null; fallback?: string }) {
  const inBrowser = useSyncExternalStore(noSubscribe, () => true, () => false);
  if (!value) return <span className="text-muted-foreground">{fallback}</span>;
  const date = new Date(value);
  const text = inBrowser
    ? date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
    : `${utcFormat.format(date)} UTC`;
  return (
    <time dateTime={value} title={date.toISOString()}>
      {text}
    </time>
  );
}
