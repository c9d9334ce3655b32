import { afterEach, describe, expect, test } from 'vitest';
import { clientIp } from './client-ip';

describe('clientIp', () => {
  afterEach(() => {
    delete process.env.TRUSTED_PROXIES;
  });

  test('without trusted proxies the connecting peer (last entry) is the client, whatever the client claims', () => {
    expect(clientIp({ 'x-forwarded-for': '6.6.6.6, 10.0.0.5' })).toBe('10.0.0.5');
    expect(clientIp({ 'x-forwarded-for': '::ffff:127.0.0.1' })).toBe('127.0.0.1');
  });

  test('steps over trusted proxies, by IP or CIDR', () => {
    process.env.TRUSTED_PROXIES = '10.0.0.0/8, 192.168.1.1';
    expect(clientIp({ 'x-forwarded-for': '203.0.113.9, 192.168.1.1, 10.1.2.3' })).toBe('203.0.113.9');
    expect(clientIp({ 'x-forwarded-for': '203.0.113.9, 172.16.0.1' })).toBe('172.16.0.1');
  });
});
