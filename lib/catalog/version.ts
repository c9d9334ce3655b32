import { incrementSetting, readIntSetting } from '@/db/queries/settings';
import { processState } from '@/lib/state';

// The catalog version keys every cached list: a sync that changed something, or an admin edit,
// bumps it, and the next player request builds fresh bytes.
const KEY = 'catalog_version';
const state = processState('catalogVersion', () => ({ version: -1, listeners: new Set<(v: number) => void>() }));

export async function bumpCatalogVersion(): Promise<number> {
  state.version = await incrementSetting(KEY);
  for (const listener of state.listeners) listener(state.version);
  return state.version;
}

export async function currentCatalogVersion(): Promise<number> {
  if (state.version < 0) state.version = await readIntSetting(KEY);
  return state.version;
}

export function onCatalogVersion(listener: (v: number) => void): () => void {
  state.listeners.add(listener);
  return () => state.listeners.delete(listener);
}
