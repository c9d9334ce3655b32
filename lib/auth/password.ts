import bcrypt from 'bcryptjs';
import { testBcryptRounds } from '@/lib/env';
import { compareOffThread } from './bcrypt-worker';

/** The bcrypt cost of every stored admin password. */
export const PRODUCTION_ROUNDS = 12;
const PRODUCTION_DUMMY_HASH = '$2b$12$obXjoYU/erw05Pc2oBhVjewx.nOEzQEdDg2n2aDwU50q/ssN1xDxO';

/**
 * The cost used now: PRODUCTION_ROUNDS, except inside a vitest worker (VITEST is set by vitest itself)
 * where tests/setup-env.ts sets BCRYPT_TEST_ROUNDS so the ~100 hashes and checks of `npm test` take
 * milliseconds instead of seconds each on a loaded 2-core machine. Outside vitest the variable is ignored.
 */
export function hashRounds(): number {
  const rounds = testBcryptRounds();
  return rounds !== undefined && rounds >= 4 && rounds <= PRODUCTION_ROUNDS ? rounds : PRODUCTION_ROUNDS;
}

export const hashPassword = (plain: string) => bcrypt.hash(plain, hashRounds());
/** Checked on a worker thread; rejects with BcryptBusyError when too many checks are waiting. */
export const verifyPassword = (plain: string, hash: string) => compareOffThread(plain, hash);

// Compared against when the username does not exist, so both paths take the same time: same cost as
// the stored hashes (a fresh one at the test cost under vitest, made once when this module loads).
export const DUMMY_HASH = hashRounds() === PRODUCTION_ROUNDS ? PRODUCTION_DUMMY_HASH : bcrypt.hashSync('neropanel-dummy', hashRounds());
