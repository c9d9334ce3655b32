import type { Role } from '@/lib/auth/schemas';
import { sessionIsLive } from './sessions';
import { loadUser } from './user-cache';

export interface SessionUser {
  id: string;
  username: string;
  role: Role;
}

// A valid JWT is not enough: its session must still be live (not signed out, not ended by a password
// change or an admin, not idle 12 h, not older than 7 days), and the user active.
export async function fromToken(userId: unknown, sessionId: unknown): Promise<SessionUser | null> {
  if (typeof userId !== 'string' || !userId) return null;
  if (!(await sessionIsLive(sessionId, userId))) return null;
  const row = await loadUser(userId);
  if (!row || !row.is_active) return null;
  return { id: row.id, username: row.username, role: row.role };
}
