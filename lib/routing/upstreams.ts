import * as q from '@/db/queries/routing';
import type { UpstreamRow } from '@/db/queries/upstream-servers';
import { processState } from '@/lib/state';
import type { UpstreamClient } from '@/lib/upstream/client';
import { clientFor } from '@/lib/upstream/server-service';

export interface RoutableUpstream {
  row: UpstreamRow;
  /** Built once per version of the row: the password is decrypted here, not per request. */
  client: UpstreamClient;
  maxConnections: number | null;
}

// Reloaded when a query shows a newer updated_at for an upstream than the one held, and at least this
// often (the account's provider limit is refreshed without touching updated_at).
const RELOAD_MS = 10_000;

const table = processState('routingUpstreams', () => ({
  byId: new Map<string, RoutableUpstream>(),
  loadedAt: 0,
  loading: null as Promise<void> | null,
}));

async function reload(): Promise<void> {
  table.loading ??= q
    .listActiveUpstreamRows()
    .then((rows) => {
      table.byId = new Map(
        rows.map((row) => [row.id, { row, client: clientFor(row), maxConnections: row.max_connections ?? row.provider_max_connections ?? null }]),
      );
      table.loadedAt = Date.now();
    })
    .finally(() => {
      table.loading = null;
    });
  return table.loading;
}

/** The active upstream `id` as of `updatedAt` (what the item query saw), or undefined. */
export async function routableUpstream(id: string, updatedAt: Date | null): Promise<RoutableUpstream | undefined> {
  const held = table.byId.get(id);
  const fresh = Date.now() - table.loadedAt < RELOAD_MS;
  if (held && fresh && (!updatedAt || held.row.updated_at.getTime() >= updatedAt.getTime())) return held;
  await reload();
  return table.byId.get(id);
}

/** Tests switch databases under a running process. */
export function forgetRoutableUpstreams(): void {
  table.byId = new Map();
  table.loadedAt = 0;
}
