import { countUsers, insertFirstUser } from '@/db/queries/users';
import { AppError } from '@/lib/errors';
import { hashPassword } from '@/lib/auth/password';
import { toPanelUser } from '@/lib/users/service';
import { processState } from '@/lib/state';

// Once a user exists it stays that way for the life of the process (the last admin cannot be deleted),
// so the answer is cached and the pages stop asking the database.
const state = processState('firstRun', () => ({ done: false }));

export async function needsSetup(): Promise<boolean> {
  if (state.done) return false;
  state.done = (await countUsers()) > 0;
  return !state.done;
}

/** Creates the first admin (POST /api/setup, the /setup page); 409 once any user exists. */
export async function createFirstAdmin(input: { username: string; password: string }) {
  if (!(await needsSetup())) throw new AppError('setup_done', 'Setup is already complete: sign in instead');
  const row = await insertFirstUser({ username: input.username, passwordHash: await hashPassword(input.password) });
  if (!row) throw new AppError('setup_done', 'Setup is already complete: sign in instead');
  state.done = true;
  return toPanelUser(row);
}

/** At start-up: ADMIN_USERNAME/ADMIN_PASSWORD create the first admin when no user exists. */
export async function bootstrapAdmin(username: string | undefined, password: string | undefined): Promise<boolean> {
  if (!username || !password || !(await needsSetup())) return false;
  return Boolean(await insertFirstUser({ username, passwordHash: await hashPassword(password) }).then((r) => (state.done = Boolean(r))));
}

/** Tests reset the cached answer when they switch databases. */
export function forgetSetupState(): void {
  state.done = false;
}
