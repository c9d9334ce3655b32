import { afterEach, describe, expect, test } from 'vitest';
import { baseUrlOf, panelAddress, publicBaseUrl } from '@/lib/http/public-url';
import { serverInfo } from './login-payload';
import { resetEnv } from '@/lib/env';

const saved = process.env.PUBLIC_URL;
afterEach(() => {
  if (saved === undefined) delete process.env.PUBLIC_URL;
  else process.env.PUBLIC_URL = saved;
  resetEnv();
});

const infoFor = (publicUrl: string | undefined, headers: Record<string, string> = { host: '10.0.0.5:8080' }) => {
  if (publicUrl === undefined) delete process.env.PUBLIC_URL;
  else process.env.PUBLIC_URL = publicUrl;
  resetEnv();
  const address = panelAddress(headers, 8080);
  return { info: serverInfo(address), base: baseUrlOf(address) };
};

describe('server_info follows how the panel is served', () => {
  test('PUBLIC_URL over https: https_port, port and protocol from it', () => {
    expect(infoFor('https://tv.example.org').info).toMatchObject({ url: 'tv.example.org', port: '443', https_port: '443', server_protocol: 'https' });
    const custom = infoFor('https://tv.example.org:8443/');
    expect(custom.info).toMatchObject({ port: '8443', https_port: '8443', server_protocol: 'https' });
    expect(custom.base).toBe('https://tv.example.org:8443');
  });

  test('PUBLIC_URL over http: no https_port', () => {
    expect(infoFor('http://tv.example.org:8080').info).toMatchObject({ url: 'tv.example.org', port: '8080', https_port: '', server_protocol: 'http' });
    expect(infoFor('http://tv.example.org').info).toMatchObject({ port: '80', https_port: '' });
  });

  test('without PUBLIC_URL: the request, https only when the proxy says so', () => {
    expect(infoFor(undefined).info).toMatchObject({ url: '10.0.0.5', port: '8080', https_port: '', server_protocol: 'http' });
    const proxied = infoFor(undefined, { host: 'internal:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'tv.example.org' });
    expect(proxied.info).toMatchObject({ url: 'tv.example.org', port: '443', https_port: '443', server_protocol: 'https' });
    expect(proxied.base).toBe('https://tv.example.org');
  });
});

describe('one public address for players and admin pages', () => {
  test("the admin's copyable links (fetch Headers) and the player's server_info (node headers) name the same base", () => {
    delete process.env.PUBLIC_URL;
    resetEnv();
    const node = { host: 'internal:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'tv.example.org', 'x-forwarded-port': '8443' };
    const fetchHeaders = new Headers(node);
    expect(publicBaseUrl(fetchHeaders)).toBe('https://tv.example.org:8443');
    expect(publicBaseUrl(fetchHeaders)).toBe(baseUrlOf(panelAddress(node, 3000)));
    expect(serverInfo(panelAddress(node, 3000))).toMatchObject({ url: 'tv.example.org', port: '8443' });
    expect(publicBaseUrl(new Headers({ host: '10.0.0.5:8080' }))).toBe('http://10.0.0.5:8080');
    process.env.PUBLIC_URL = 'https://panel.example.net/';
    resetEnv();
    expect(publicBaseUrl(fetchHeaders)).toBe('https://panel.example.net');
  });
});
