import crypto from 'node:crypto';

// Secrets in a backup are sealed under a key derived from the admin's passphrase (scrypt), each with
// AES-256-GCM and its own IV, so the document can move to a panel with another APP_SECRET.
const N = 32_768;
const R = 8;
const P = 1;
const CHECK = 'neropanel-backup-check';

export interface KeyParams {
  kdf: 'scrypt';
  salt: string;
  N: number;
  r: number;
  p: number;
  /** A known text sealed with the key: a wrong passphrase is found before anything is written. */
  check: string;
}

export function deriveKey(passphrase: string, salt: Buffer, n = N, r = R, p = P): Buffer {
  return crypto.scryptSync(passphrase.normalize('NFC'), salt, 32, { N: n, r, p, maxmem: 256 * n * r });
}

export function seal(key: Buffer, plain: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['b1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join(':');
}

/** Opens a sealed secret; throws on a wrong key or a tampered value. */
export function open(key: Buffer, sealed: string): string {
  const [v, iv, body, tag] = sealed.split(':');
  if (v !== 'b1' || !iv || body === undefined || !tag) throw new Error('not a sealed secret');
  const tagBytes = Buffer.from(tag, 'base64url');
  if (tagBytes.length !== 16) throw new Error('not a sealed secret');
  const d = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
  d.setAuthTag(tagBytes);
  return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
}

export function newKey(passphrase: string): { key: Buffer; params: KeyParams } {
  const salt = crypto.randomBytes(16);
  const key = deriveKey(passphrase, salt);
  return { key, params: { kdf: 'scrypt', salt: salt.toString('base64url'), N, r: R, p: P, check: seal(key, CHECK) } };
}

/** The key for a document's parameters, or null when the passphrase does not open its check value. */
export function keyFor(passphrase: string, params: KeyParams): Buffer | null {
  const key = deriveKey(passphrase, Buffer.from(params.salt, 'base64url'), params.N, params.r, params.p);
  try {
    return open(key, params.check) === CHECK ? key : null;
  } catch {
    return null;
  }
}
