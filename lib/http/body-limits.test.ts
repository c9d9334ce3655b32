import { describe, expect, test } from 'vitest';
import { ADMIN_JSON_LIMIT, AUTH_FORM_LIMIT, bodyLimitFor, declaredTooLarge } from './body-limits';

describe('bodyLimitFor', () => {
  test('setup and every next-auth path: 16 KB; the rest of the admin API: 1 MB', () => {
    for (const p of ['/api/setup', '/api/auth/callback/credentials', '/api/auth/signin', '/api/auth/signin/credentials', '/api/auth/signout']) {
      expect(bodyLimitFor(p, 'POST')).toBe(AUTH_FORM_LIMIT);
    }
    expect(AUTH_FORM_LIMIT).toBe(16 * 1024);
    expect(bodyLimitFor('/api/users', 'POST')).toBe(ADMIN_JSON_LIMIT);
    expect(ADMIN_JSON_LIMIT).toBe(1024 * 1024);
    expect(bodyLimitFor('/api/authors', 'POST')).toBe(ADMIN_JSON_LIMIT);
  });

  test('a declared length past the limit, or one that is not a number, is too large', () => {
    expect(declaredTooLarge('16384', 16384)).toBe(false);
    expect(declaredTooLarge('16385', 16384)).toBe(true);
    expect(declaredTooLarge('lots', 16384)).toBe(true);
    expect(declaredTooLarge(undefined, 16384)).toBe(false);
  });
});
