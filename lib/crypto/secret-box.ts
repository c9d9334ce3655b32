import crypto from 'node:crypto';
import { getEnv } from '@/lib/env';

// Upstream and player passwords must be usable again (to call the upstream, to show a line's URL),
// so they are encrypted with AES-256-GCM under a key derived from APP_SECRET, not hashed.
const VERSION = 'v1';
const TAG_BYTES = 16;
let keys: { secret: string; enc: Buffer; mac: Buffer } | undefined;

function deriveKeys() {
  const secret = getEnv().APP_SECRET;
  if (!secret) throw new Error('APP_SECRET is not set');
  if (keys?.secret !== secret) {
    const derive = (info: string) => Buffer.from(crypto.hkdfSync('sha256', secret, 'neropanel', info, 32));
    keys = { secret, enc: derive('encryption'), mac: derive('lookup-hmac') };
  }
  return keys;
}

export function encryptSecret(plain: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', deriveKeys().enc, iv, { authTagLength: TAG_BYTES });
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join(':');
}

export function decryptSecret(sealed: string): string {
  const [version, iv, body, tag] = sealed.split(':');
  if (version !== VERSION || !iv || body === undefined || !tag) throw new Error('not an encrypted secret');
  // GCM accepts tags as short as 4 bytes unless told otherwise; a short tag is a forgery made easy.
  const tagBytes = Buffer.from(tag, 'base64url');
  if (tagBytes.length !== TAG_BYTES) throw new Error('not an encrypted secret');
  const decipher = crypto.createDecipheriv('aes-256-gcm', deriveKeys().enc, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
  decipher.setAuthTag(tagBytes);
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/** Keyed hash for lookups by secret value (player passwords) without decrypting. */
export function lookupHmac(value: string): string {
  return crypto.createHmac('sha256', deriveKeys().mac).update(value, 'utf8').digest('hex');
}

let signKeys: { secret: string; byPurpose: Map<string, Buffer> } = { secret: '', byPurpose: new Map() };

/** A keyed signature for values the panel hands out and must take back unchanged (artwork links). */
export function signValue(purpose: string, value: string): string {
  const secret = getEnv().APP_SECRET;
  if (!secret) throw new Error('APP_SECRET is not set');
  // Derived once per secret and purpose: player lists sign one artwork link per item.
  if (signKeys.secret !== secret) signKeys = { secret, byPurpose: new Map() };
  let key = signKeys.byPurpose.get(purpose);
  if (!key) signKeys.byPurpose.set(purpose, (key = Buffer.from(crypto.hkdfSync('sha256', secret, 'neropanel', `sign:${purpose}`, 32))));
  return crypto.createHmac('sha256', key).update(value, 'utf8').digest('base64url').slice(0, 32);
}
