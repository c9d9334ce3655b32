import { incrementSetting, readIntSetting } from '@/db/queries/settings';
import { sharedState } from '@/lib/shared-state/current';
import { processState } from '@/lib/state';

// The catalog version keys every cached list: a sync that changed something, or an admin edit,
// bumps it, and the next player request builds fresh bytes.
const KEY = 'catalog_version';
const state = processState('catalogVersion', () => ({
  version: -1,
  readAt: 0,
  rereading: undefined as Promise<number> | undefined,
  rereadSince: 0,
  listeners: new Set<(v: number) => void>(),
}));
// Another replica may bump the version: with Redis its notice arrives at once, and the version is
// re-read at most this often anyway (a lost notice, or no Redis).
const REREAD_MS = 2_000;
// A re-read that has not answered within this budget (the database is slow, away or silent) leaves
// the request on the last known version: cached lists keep being served through an outage.
const REREAD_BUDGET_MS = 250;

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
  if (state.version >= 0 && Date.now() - state.readAt <= REREAD_MS) return state.version;
  const reread = (state.rereading ??= rereadVersion());
  // Nothing known yet: the first answer has to come from the database.
  if (state.version < 0) return reread;
  // A re-read already past its budget: no request waits for it again.
  if (Date.now() - state.rereadSince >= REREAD_BUDGET_MS) return state.version;
  let timer: NodeJS.Timeout | undefined;
  const known = state.version;
  const late = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(known), REREAD_BUDGET_MS)));
  try {
    return await Promise.race([reread.catch(() => known), late]);
  } finally {
    clearTimeout(timer);
  }
}

// One re-read at a time; a failed one is retried after REREAD_MS, not on every request.
async function rereadVersion(): Promise<number> {
  const before = state.version;
  state.rereadSince = Date.now();
  try {
    const version = await readIntSetting(KEY);
    // A bump adopted meanwhile (ours, or a notice) is newer than what this read saw.
    if (state.version === before) state.version = version;
    return state.version;
  } finally {
    state.readAt = Date.now();
    state.rereading = undefined;
  }
}

/** Tests switch databases under a running process. */
export function forgetCatalogVersion(): void {
  state.version = -1;
}

export function onCatalogVersion(listener: (v: number) => void): () => void {
  state.listeners.add(listener);
  return () => state.listeners.delete(listener);
}
