import crypto from 'node:crypto';
import { getEnv } from '@/lib/env';
import { processState } from '@/lib/state';

/** This process's name among the replicas: `REPLICA_ID` when set, else random per process. */
export function replicaId(): string {
  return processState('replicaId', () => {
    let given: string | undefined;
    try {
      given = getEnv().REPLICA_ID;
    } catch {
      // a bad configuration stops start-up; until then a random name does
    }
    return given ?? `r-${crypto.randomBytes(4).toString('hex')}`;
  });
}
