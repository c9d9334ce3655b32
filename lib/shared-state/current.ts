import { getEnv } from '@/lib/env';
import { onShutdown } from '@/lib/shutdown';
import { processState } from '@/lib/state';
import { LeaseStore } from './lease-store';
import { replicaId } from './replica-id';
import { SharedState, type RedisStatus } from './shared-state';

/** This process's link to Redis, opened on first use; null when `REDIS_URL` is not set (one replica). */
export function sharedState(): SharedState | null {
  return processState('sharedState', () => {
    let env;
    try {
      env = getEnv();
    } catch {
      return null; // start-up reports a bad configuration; nothing to share meanwhile
    }
    if (!env.REDIS_URL) return null;
    return new SharedState({ url: env.REDIS_URL, prefix: env.REDIS_PREFIX, replicaId: replicaId() });
  });
}

/** The slot leases of this process, or null without Redis. */
export function sharedLeases(): LeaseStore | null {
  return processState('sharedLeases', () => {
    const shared = sharedState();
    if (!shared) return null;
    const store = new LeaseStore(shared);
    // On SIGTERM, after the server closed its connections: every slot this replica holds is freed now.
    onShutdown('redis-leases', () => store.releaseAll().then(() => undefined), 'last');
    return store;
  });
}

/** For the health answer: `off` without `REDIS_URL`, else whether a PING came back in time. */
export async function redisStatus(): Promise<RedisStatus | 'off'> {
  return (await sharedState()?.ping()) ?? 'off';
}
