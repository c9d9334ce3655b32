'use client';

import { useSyncExternalStore } from 'react';

const TICK_MS = 60_000;

function subscribe(onChange: () => void) {
  const timer = setInterval(onChange, TICK_MS);
  return () => clearInterval(timer);
}
// Rounded so that repeated reads between ticks return the same snapshot.
const getSnapshot = () => Math.floor(Date.now() / TICK_MS) * TICK_MS;
const getServerSnapshot = () => null;

/** The browser's clock; null on the server and while hydrating, so dates never mismatch the HTML. */
export function useNow(): number | null {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}
