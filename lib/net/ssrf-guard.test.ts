import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { openLiveSource } from '@/lib/relay/live-source';
import { openSource } from '@/lib/relay/open-source';
import { BlockedAddressError, guardConnection, isPublicAddress, policyFor } from './ssrf-guard';

describe('isPublicAddress', () => {
  test.each([
    '127.0.0.1', '127.255.0.2', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1',
    '100.127.255.255', '0.0.0.0', '0.1.2.3', '224.0.0.1', '239.255.255.250', '255.255.255.255',
    '::1', '::', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:a9fe:a9fe', '[::1]', 'not-an-ip',
  ])('%s is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  test.each(['1.1.1.1', '8.8.8.8', '172.32.0.1', '100.128.0.1', '169.255.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8'])('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('guardConnection', () => {
  const policy = { trustedHost: 'provider.example', upstreamId: 'u1' };

  test('the configured host is trusted whatever it is; other IP literals must be public', () => {
    expect(guardConnection(new URL('http://127.0.0.1:8080/x'), policyFor('http://127.0.0.1:9000/', null))).toEqual({});
    expect(guardConnection(new URL('http://[::1]/x'), policyFor('http://[::1]:9000/', null))).toEqual({});
    expect(guardConnection(new URL('http://8.8.8.8/x'), policy)).toEqual({});
    for (const url of ['http://127.0.0.2/', 'http://169.254.169.254/latest', 'http://[::ffff:10.0.0.1]/', 'http://2130706433/', 'http://0x7f.1/']) {
      expect(() => guardConnection(new URL(url), policy)).toThrow(BlockedAddressError);
    }
  });

  test('a name is checked by the socket lookup at connect time: a name for loopback never connects', async () => {
    let connections = 0;
    const server = net.createServer((s) => {
      connections += 1;
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const url = new URL(`http://localhost:${port}/`);
      const guard = guardConnection(url, policy);
      expect(guard.lookup).toBeTypeOf('function');
      const error = await new Promise<Error>((resolve) => {
        const req = http.get(url, { ...guard, agent: false }, () => resolve(new Error('connected')));
        req.on('error', resolve);
      });
      expect(error).toBeInstanceOf(BlockedAddressError);
      expect(connections).toBe(0);
      // The same name as the configured host connects.
      const trusted = guardConnection(url, policyFor(`http://localhost:${port}/`, null));
      await new Promise<void>((resolve) => {
        const socket = net.connect({ host: 'localhost', port, ...trusted }, () => {
          socket.destroy();
          resolve();
        });
      });
      for (const end = Date.now() + 2_000; connections === 0 && Date.now() < end; ) await new Promise((r) => setTimeout(r, 10));
      expect(connections).toBe(1);
    } finally {
      server.close();
    }
  });
});

describe('the stream clients hold every redirect to the policy', () => {
  test('openSource and openLiveSource refuse a redirect to another loopback address; its server sees no request', async () => {
    let internalHits = 0;
    const internal = http.createServer((_req, res) => {
      internalHits += 1;
      res.end('secret');
    });
    await new Promise<void>((r) => internal.listen(0, '127.0.0.2', r));
    const internalPort = (internal.address() as AddressInfo).port;
    const provider = http.createServer((req, res) => {
      if (req.url === '/ok') return void res.writeHead(200, { 'content-length': 2 }).end('ok');
      res.writeHead(302, { location: req.url === '/by-name' ? `http://localhost:${internalPort}/` : `http://127.0.0.2:${internalPort}/` }).end();
    });
    await new Promise<void>((r) => provider.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
    try {
      for (const path of ['/by-ip', '/by-name']) {
        await expect(openSource(`${base}${path}`, { timeoutMs: 2_000, policy: policyFor(base, 'u1') })).rejects.toThrow('non-public');
        await expect(openLiveSource(`${base}${path}`, { timeoutMs: 2_000, policy: policyFor(base, 'u1') })).rejects.toThrow('non-public');
      }
      const opened = await openSource(`${base}/ok`, { timeoutMs: 2_000, policy: policyFor(base, 'u1') });
      expect(opened.status).toBe(200);
      opened.abort();
      expect(internalHits).toBe(0);
    } finally {
      provider.closeAllConnections();
      provider.close();
      internal.close();
    }
  });
});
