import { notFound } from '@/lib/errors';
import { sharedLeases } from '@/lib/shared-state/current';
import { replicaId } from '@/lib/shared-state/replica-id';
import { stopLocalViewer } from './slots';

/** A viewer's id in the API: its local id and the replica that serves it, `12@r-ab12cd34`. */
export const viewerRef = (localId: number, replica: string) => `${localId}@${replica}`;

/**
 * `DELETE /api/monitor/connections/{id}`: closes the viewer's response and frees its slot at once.
 * A viewer of another replica is stopped there, through the Redis notice bus.
 */
export async function stopViewer(ref: string): Promise<{ id: string; stopped: 'here' | 'requested' }> {
  const m = /^(\d{1,15})@(.{1,200})$/.exec(ref);
  if (!m) throw notFound('viewer');
  const localId = Number(m[1]);
  const replica = m[2];
  if (replica === replicaId()) {
    if (!stopLocalViewer(localId)) throw notFound('viewer');
    return { id: ref, stopped: 'here' };
  }
  const leases = sharedLeases();
  if (!leases) throw notFound('viewer');
  await leases.requestStop(replica, localId);
  return { id: ref, stopped: 'requested' };
}
