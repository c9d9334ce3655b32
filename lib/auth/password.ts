import bcrypt from 'bcryptjs';
import { compareOffThread } from './bcrypt-worker';

const ROUNDS = 12;

export const hashPassword = (plain: string) => bcrypt.hash(plain, ROUNDS);
/** Checked on a worker thread; rejects with BcryptBusyError when too many checks are waiting. */
export const verifyPassword = (plain: string, hash: string) => compareOffThread(plain, hash);

// Compared against when the username does not exist, so both paths take the same time.
export const DUMMY_HASH = '$2b$12$obXjoYU/erw05Pc2oBhVjewx.nOEzQEdDg2n2aDwU50q/ssN1xDxO';
