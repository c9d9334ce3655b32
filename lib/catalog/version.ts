import { incrementSetting, readIntSetting } from '@/db/queries/settings';
import { processState } from '@/lib/state';

// The catalog version keys every cached list: a sync that changed something, or an admin edit,
// bumps it, and the next player request builds fresh bytes.
const KEY = 'catalog_version';
const state = processState('catalogVersion', () => ({ version: -1, readAt: 0, listeners: new Set<(v: number) => void>() }));
// Another replica may bump the version; re-read it at most this often.
const REREAD_MS = 2_000;

export async function bumpCatalogVersion(): Promise<number> {
  state.version = await incrementSetting(KEY);
  state.readAt = Date.now();
  for (const listener of state.listeners) listener(state.version);
  return state.version;
}

export async function currentCatalogVersion(): Promise<number> {
  if (state.version < 0 || Date.now() - state.readAt > REREAD_MS) {
    state.version = await readIntSetting(KEY);
    state.readAt = Date.now();
  }
  return state.version;
}

/** Tests switch databases under a running process. */
export function forgetCatalogVersion(): void {
  state.version = -1;
}

export function onCatalogVersion(listener: (v: number) => void): () => void {
  state.listeners.add(listener);
  return () => state.listeners.delete(listener);
}
