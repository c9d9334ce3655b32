import { incrementSetting, readIntSetting } from '@/db/queries/settings';
import { sharedState } from '@/lib/shared-state/current';
import { processState } from '@/lib/state';

// The catalog version keys every cached list: a sync that changed something, or an admin edit,
// bumps it, and the next player request builds fresh bytes.
const KEY = 'catalog_version';
const state = processState('catalogVersion', () => ({ version: -1, readAt: 0, listeners: new Set<(v: number) => void>() }));
// Another replica may bump the version: with Redis its notice arrives at once, and the version is
// re-read at most this often anyway (a lost notice, or no Redis).
const REREAD_MS = 2_000;

function adopt(version: number) {
  state.version = version;
  state.readAt = Date.now();
  for (const listener of state.listeners) listener(version);
}

const listenForBumps = () =>
  processState('catalogVersionNotices', () =>
    sharedState()?.bus.on((n) => {
      if (n.t === 'catalog' && n.version > state.version) adopt(n.version);
    }),
  );

/** Call once the change is committed: other replicas build fresh lists as soon as the notice arrives. */
export async function bumpCatalogVersion(): Promise<number> {
  listenForBumps();
  adopt(await incrementSetting(KEY));
  void sharedState()?.bus.publish({ t: 'catalog', version: state.version });
  return state.version;
}

export async function currentCatalogVersion(): Promise<number> {
  listenForBumps();
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
