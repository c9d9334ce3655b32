import { afterEach, describe, expect, test } from 'vitest';
import { clientIp, headersClientIp } from '@/lib/net/client-ip';
import { resetEnv } from '@/lib/env';

describe('clientIp', () => {
  afterEach(() => {
    delete process.env.TRUSTED_PROXIES;
    resetEnv();
  });

  test('without trusted proxies the socket peer is the client, whatever X-Forwarded-For claims', () => {
    expect(clientIp({ peer: '10.0.0.5', forwardedFor: '6.6.6.6' })).toBe('10.0.0.5');
    expect(clientIp({ peer: '::ffff:127.0.0.1', forwardedFor: '6.6.6.6, 7.7.7.7' })).toBe('127.0.0.1');
    expect(clientIp({ peer: undefined, forwardedFor: '6.6.6.6' })).toBe('unknown');
  });

  test('behind a trusted proxy, the right-most untrusted X-Forwarded-For entry (IPs and IPv4 CIDRs)', () => {
    process.env.TRUSTED_PROXIES = '10.0.0.0/8, 192.168.1.1';
    resetEnv();
    expect(clientIp({ peer: '10.1.2.3', forwardedFor: '6.6.6.6, 203.0.113.9, 192.168.1.1' })).toBe('203.0.113.9');
    expect(clientIp({ peer: '10.1.2.3', forwardedFor: ['203.0.113.9', '172.16.0.1'] })).toBe('172.16.0.1');
    // a peer that is not a trusted proxy: its header is the client's own claim
    expect(clientIp({ peer: '172.16.0.9', forwardedFor: '203.0.113.9' })).toBe('172.16.0.9');
    // a trusted peer without a header is the best we know
    expect(clientIp({ peer: '10.0.0.1', forwardedFor: undefined })).toBe('10.0.0.1');
  });

  test('IPv6 proxies and CIDRs', () => {
    process.env.TRUSTED_PROXIES = 'fd00::/8, 2001:db8::1';
    resetEnv();
    expect(clientIp({ peer: 'fd12:3456::1', forwardedFor: '2001:db8:1::7' })).toBe('2001:db8:1::7');
    expect(clientIp({ peer: '2001:db8::1', forwardedFor: '198.51.100.2, fd00::9' })).toBe('198.51.100.2');
    expect(clientIp({ peer: '2001:db8::2', forwardedFor: '198.51.100.2' })).toBe('2001:db8::2');
  });

  test('App Router code reads the peer from the header server/ sets; no header, unknown', () => {
    expect(headersClientIp(new Headers({ 'x-neropanel-peer': '192.0.2.7', 'x-forwarded-for': '6.6.6.6' }))).toBe('192.0.2.7');
    expect(headersClientIp({ 'x-forwarded-for': '6.6.6.6' })).toBe('unknown');
  });
});
