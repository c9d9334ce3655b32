import { afterEach, describe, expect, test } from 'vitest';
import { contentSecurityPolicy, securityHeaders } from './security-headers';
import { resetEnv } from '@/lib/env';

describe('security headers', () => {
  afterEach(() => {
    delete process.env.PUBLIC_URL;
    resetEnv();
  });

  test('no framing, no sniffing, no referrer; HSTS only when PUBLIC_URL is https', () => {
    process.env.PUBLIC_URL = 'http://panel.lan:3000';
    resetEnv();
    expect(securityHeaders()).toEqual({ 'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
    process.env.PUBLIC_URL = 'https://panel.example.org';
    resetEnv();
    expect(securityHeaders()['Strict-Transport-Security']).toMatch(/^max-age=\d+/);
  });

  test('scripts only with the nonce; https adds upgrade-insecure-requests', () => {
    const csp = contentSecurityPolicy('abc123', false);
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(contentSecurityPolicy('abc123', true)).toContain('upgrade-insecure-requests');
  });
});
