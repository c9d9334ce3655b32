import { getEnv } from '@/lib/env';

/**
 * The panel's address as clients reach it: PUBLIC_URL when configured, else the request's
 * (X-Forwarded-Proto/Host/Port from a proxy in front, then Host).
 */
export function publicBaseUrl(headers: Headers | Record<string, string | string[] | undefined>, fallbackHost = 'localhost'): string {
  const configured = getEnv().PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, '');
  const get = (name: string): string | undefined => {
    const v = headers instanceof Headers ? headers.get(name) ?? undefined : headers[name];
    const s = Array.isArray(v) ? v[0] : v;
    return s?.split(',')[0].trim() || undefined;
  };
  const proto = get('x-forwarded-proto') === 'https' ? 'https' : 'http';
  let host = get('x-forwarded-host') ?? get('host') ?? fallbackHost;
  const port = get('x-forwarded-port');
  if (port && !/:\d+$/.test(host) && !((proto === 'http' && port === '80') || (proto === 'https' && port === '443'))) host = `${host}:${port}`;
  return `${proto}://${host}`;
}
