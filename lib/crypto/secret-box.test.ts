import { describe, expect, test } from 'vitest';
import { decryptSecret, encryptSecret, lookupHmac } from './secret-box';

describe('secret box', () => {
  test('round-trips, and the sealed text does not contain the secret', () => {
    const sealed = encryptSecret('hunter2-upstream');
    expect(sealed).not.toContain('hunter2');
    expect(decryptSecret(sealed)).toBe('hunter2-upstream');
  });

  test('encrypting twice gives different ciphertexts (random IV)', () => {
    expect(encryptSecret('same')).not.toBe(encryptSecret('same'));
  });

  test('a tampered ciphertext is refused, not decrypted to garbage', () => {
    const [v, iv, body, tag] = encryptSecret('payload').split(':');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(() => decryptSecret([v, iv, flipped.toString('base64url'), tag].join(':'))).toThrow();
  });

  test('a truncated tag is refused even when its bytes are right (GCM alone would accept 4 of them)', () => {
    const [v, iv, body, tag] = encryptSecret('payload').split(':');
    const short = Buffer.from(tag, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => decryptSecret([v, iv, body, short].join(':'))).toThrow('not an encrypted secret');
  });

  test('the lookup HMAC is stable and keyed', () => {
    expect(lookupHmac('abc')).toBe(lookupHmac('abc'));
    expect(lookupHmac('abc')).not.toBe(lookupHmac('abd'));
    expect(lookupHmac('abc')).toMatch(/^[0-9a-f]{64}$/);
  });
});
