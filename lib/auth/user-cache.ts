import { findUserById, type UserRow } from '@/db/queries/users';
import { processState } from '@/lib/state';

// Role and active flag come from the database (not the JWT), cached briefly so a demoted or disabled
// user loses rights within seconds; changes through the API forget the entry at once.
const TTL_MS = 5_000;
const cache = processState('userCache', () => new Map<string, { row: UserRow | undefined; at: number }>());

export async function loadUser(id: string): Promise<UserRow | undefined> {
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.row;
  const row = await findUserById(id);
  cache.set(id, { row, at: Date.now() });
  return row;
}

export function forgetUser(id: string): void {
  cache.delete(id);
}
