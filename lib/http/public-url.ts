import { getEnv } from '@/lib/env';

/**
 * Where clients reach the panel, the one answer for every surface: player logins (`server_info`),
 * HLS and download URLs, M3U links and the admin pages' copyable links. PUBLIC_URL when set, else
 * the request (X-Forwarded-Proto/Host/Port from a proxy in front, then Host, then the socket's port).
 */
export interface PanelAddress {
  /** Bare host, no scheme, no port. */
  host: string;
  /** The port players reach the panel on (with `protocol`). */
  port: string;
  /** The same port when the panel is served over https, '' otherwise (classic panels send it only then). */
  httpsPort: string;
  protocol: 'http' | 'https';
}

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

const first = (headers: HeaderBag, name: string): string | undefined => {
  const v = headers instanceof Headers ? (headers.get(name) ?? undefined) : headers[name];
  return (Array.isArray(v) ? v[0] : v)?.split(',')[0].trim() || undefined;
};

const address = (host: string, port: string, protocol: 'http' | 'https'): PanelAddress => ({ host, port, httpsPort: protocol === 'https' ? port : '', protocol });

export function panelAddress(headers: HeaderBag, socketPort?: number): PanelAddress {
  const publicUrl = getEnv().PUBLIC_URL;
  if (publicUrl) {
    const configured = new URL(publicUrl);
    const protocol = configured.protocol === 'https:' ? 'https' : 'http';
    return address(configured.hostname, configured.port || (protocol === 'https' ? '443' : '80'), protocol);
  }
  const protocol = first(headers, 'x-forwarded-proto') === 'https' ? 'https' : 'http';
  const hostHeader = first(headers, 'x-forwarded-host') ?? first(headers, 'host') ?? 'localhost';
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader);
  const host = match?.[1] ?? hostHeader;
  return address(host, first(headers, 'x-forwarded-port') ?? match?.[2] ?? (protocol === 'https' ? '443' : String(socketPort ?? 80)), protocol);
}

/** `scheme://host[:port]` of an address, the port left out when it is the scheme's default. */
export function baseUrlOf(a: PanelAddress): string {
  const defaultPort = a.protocol === 'https' ? '443' : '80';
  return `${a.protocol}://${a.host}${a.port === defaultPort ? '' : `:${a.port}`}`;
}

/** The panel's base URL as clients reach it (no trailing slash). */
export function publicBaseUrl(headers: HeaderBag, socketPort?: number): string {
  return baseUrlOf(panelAddress(headers, socketPort));
}
