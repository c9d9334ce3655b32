'use client';

import { useEffect } from 'react';
import { useRouter } from 'next/navigation';

/**
 * Re-renders the server page every `everyMs` while the tab is visible, and at once when a viewer
 * opens or closes a stream (the monitor's event stream), so the dashboard stays live.
 */
export function AutoRefresh({ everyMs }: { everyMs: number }) {
  const router = useRouter();
  useEffect(() => {
    const refresh = () => {
      if (document.visibilityState === 'visible') router.refresh();
    };
    const timer = setInterval(refresh, everyMs);
    const events = new EventSource('/api/monitor/events');
    let pending: ReturnType<typeof setTimeout> | undefined;
    events.addEventListener('connection', () => {
      // A burst of zapping is one refresh.
      clearTimeout(pending);
      pending = setTimeout(refresh, 300);
    });
    document.addEventListener('visibilitychange', refresh);
    return () => {
      clearInterval(timer);
      clearTimeout(pending);
      events.close();
      document.removeEventListener('visibilitychange', refresh);
    };
  }, [router, everyMs]);
  return null;
}
