import bcrypt from 'bcryptjs';

const ROUNDS = 12;

export const hashPassword = (plain: string) => bcrypt.hash(plain, ROUNDS);
export const verifyPassword = (plain: string, hash: string) => bcrypt.compare(plain, hash);

// Compared against when the username does not exist, so both paths take the same time.
export const DUMMY_HASH = '$2b$12$obXjoYU/erw05Pc2oBhVjewx.nOEzQEdDg2n2aDwU50q/ssN1xDxO';
