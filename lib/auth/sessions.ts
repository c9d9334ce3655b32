import * as sessions from '@/db/queries/user-sessions';
import { processState } from '@/lib/state';

/** A session unused this long ends (idle limit). */
export const SESSION_IDLE_S = 12 * 3600;
/** A session ends this long after sign-in, used or not (absolute limit; also the JWT's lifetime). */
export const SESSION_MAX_AGE_S = 7 * 24 * 3600;

// Checked at most every few seconds per session in this process; ending a session here forgets the
// entry at once (other replicas notice within the TTL).
const TTL_MS = 5_000;
const cache = processState('sessionCache', () => new Map<string, { userId: string; live: boolean; at: number }>());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const startSession = (userId: string) => sessions.insertSession(userId);

/** True while the session is live: not ended, not idle past 12 h, not older than 7 days, and the user's. */
export async function sessionIsLive(sessionId: unknown, userId: string): Promise<boolean> {
  if (typeof sessionId !== 'string' || !UUID.test(sessionId)) return false;
  const hit = cache.get(sessionId);
  if (hit && hit.userId === userId && Date.now() - hit.at < TTL_MS) return hit.live;
  const live = await sessions.touchLiveSession(sessionId, userId, SESSION_IDLE_S, SESSION_MAX_AGE_S);
  cache.set(sessionId, { userId, live, at: Date.now() });
  if (cache.size > 10_000) for (const [k, v] of cache) if (Date.now() - v.at >= TTL_MS) cache.delete(k);
  return live;
}

/** Sign-out: this session's cookie stops working. */
export async function endSession(sessionId: unknown): Promise<void> {
  if (typeof sessionId !== 'string' || !UUID.test(sessionId)) return;
  await sessions.revokeSession(sessionId);
  cache.delete(sessionId);
}

/** A password change or an admin's "end sessions": every cookie of the user stops working. */
export async function endUserSessions(userId: string): Promise<number> {
  const n = await sessions.revokeUserSessions(userId);
  for (const [k, v] of cache) if (v.userId === userId) cache.delete(k);
  return n;
}
