import { findLineById } from '@/db/queries/lines';
import { notFound } from '@/lib/errors';
import { sharedLeases } from '@/lib/shared-state/current';
import { stopLineViewers } from '@/lib/slots/slots';

/** `DELETE /api/lines/{id}/connections`: the account's streams close and its slots are free at once. */
export async function stopAccountViewers(lineId: string): Promise<{ stopped: number; otherReplicasAsked: boolean }> {
  if (!(await findLineById(lineId))) throw notFound('player account');
  const stopped = await stopLineViewers(lineId);
  return { stopped, otherReplicasAsked: sharedLeases() !== null };
}
