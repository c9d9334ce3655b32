'use client';

import { useSyncExternalStore } from 'react';

const query = '(min-width: 768px)';

function subscribe(onChange: () => void) {
  const media = window.matchMedia(query);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

/**
 * True at the `md` breakpoint and up. The server (and hydration) assume desktop; CSS hides the desktop
 * sidebar on small screens until then. Rendering only one sidebar at a time keeps each nav test id unique.
 */
export function useIsDesktop(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(query).matches,
    () => true,
  );
}
