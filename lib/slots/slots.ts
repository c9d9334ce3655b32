import { sharedLeases } from '@/lib/shared-state/current';
import { processState } from '@/lib/state';
import { SlotBook, type LineLimit, type UpstreamSlot, type ViewerSession } from './slot-book';

export { ZAP_GRACE_MS, type LineLimit, type UpstreamSlot, type ViewerSession } from './slot-book';

// One book per process; with REDIS_URL its counts are shared by every replica (docs/scaling.md).
const book = () => processState('relaySlots', () => new SlotBook(sharedLeases()));

/**
 * Takes a viewer slot of the account before anything is opened. Over the limit, `kick_oldest` ends the
 * account's oldest viewer and `refuse` answers null, after waiting out the zapping grace for a slot.
 */
export function reserveViewer(
  line: LineLimit,
  info: Omit<ViewerSession, 'id' | 'lineId' | 'line' | 'startedAt' | 'lastActivity' | 'bytes'>,
): Promise<ViewerSession | null> {
  return book().reserveViewer(line, info);
}

/** Gives the slot back; safe to call more than once. */
export function releaseViewer(session: ViewerSession): void {
  book().releaseViewer(session);
}

export function activeConnections(lineId: string): number {
  return book().activeConnections(lineId);
}

export function listViewers(): ViewerSession[] {
  return book().listViewers();
}

/** Takes an upstream connection slot, or null when the account is at its limit (null max = unknown: no limit). */
export function acquireUpstreamSlot(upstreamId: string, max: number | null): Promise<UpstreamSlot | null> {
  return book().acquireUpstreamSlot(upstreamId, max);
}

export function upstreamSlotsInUse(): Map<string, number> {
  return book().upstreamSlotsInUse();
}

/** Ends one of this replica's viewers (an admin's stop); false when it is not here. */
export function stopLocalViewer(localId: number): boolean {
  return book().stopViewer(localId);
}

/**
 * Ends the account's viewers here, only those from `ip` (canonical) when given (an IP ban), and asks
 * the other replicas to do the same; the number ended on this replica.
 */
export async function stopLineViewers(lineId: string, ip?: string): Promise<number> {
  const here = book().stopLineViewers(lineId, ip);
  await sharedLeases()?.requestStopLine(lineId, ip);
  return here;
}
