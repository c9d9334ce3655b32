import type { LineStatus, PlayerLine } from '@/lib/lines/credentials';
import { activeConnections } from '@/lib/slots/slots';
import { getEnv } from '@/lib/env';

export interface PanelAddress {
  /** Bare host, no scheme, no port. */
  host: string;
  /** The port players reach the panel on (with `protocol`). */
  port: string;
  /** The same port when the panel is served over https, '' otherwise (classic panels send it only then). */
  httpsPort: string;
  protocol: 'http' | 'https';
}

type Headers = Record<string, string | string[] | undefined>;
const first = (h: Headers, name: string) => {
  const v = h[name];
  return (Array.isArray(v) ? v[0] : v)?.split(',')[0].trim() || undefined;
};
const address = (host: string, port: string, protocol: 'http' | 'https'): PanelAddress => ({ host, port, httpsPort: protocol === 'https' ? port : '', protocol });

/** Where players reach the panel: PUBLIC_URL when set, else the request (X-Forwarded-* first). */
export function panelAddress(headers: Headers, socketPort?: number): PanelAddress {
  const publicUrl = getEnv().PUBLIC_URL;
  const configured = publicUrl ? new URL(publicUrl) : null;
  if (configured) {
    const protocol = configured.protocol === 'https:' ? 'https' : 'http';
    return address(configured.hostname, configured.port || (protocol === 'https' ? '443' : '80'), protocol);
  }
  const protocol = first(headers, 'x-forwarded-proto') === 'https' ? 'https' : 'http';
  const hostHeader = first(headers, 'x-forwarded-host') ?? first(headers, 'host') ?? 'localhost';
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader);
  const host = match?.[1] ?? hostHeader;
  return address(host, first(headers, 'x-forwarded-port') ?? match?.[2] ?? (protocol === 'https' ? '443' : String(socketPort ?? 80)), protocol);
}

export function baseUrlOf(a: PanelAddress): string {
  const defaultPort = a.protocol === 'https' ? '443' : '80';
  return `${a.protocol}://${a.host}${a.port === defaultPort ? '' : `:${a.port}`}`;
}

const pad = (n: number) => String(n).padStart(2, '0');
export function utcDateTime(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export function serverInfo(address: PanelAddress, now = new Date()) {
  return {
    url: address.host,
    port: address.port,
    https_port: address.httpsPort,
    server_protocol: address.protocol,
    rtmp_port: '',
    timezone: 'UTC',
    timestamp_now: Math.floor(now.getTime() / 1000),
    time_now: utcDateTime(now),
    process: true,
  };
}

/** The login payload (XTREAM.md §2): strings where classic panels send strings. */
export function loginPayload(line: PlayerLine, password: string, status: LineStatus, address: PanelAddress) {
  return {
    user_info: {
      username: line.username,
      password,
      message: '',
      auth: 1,
      status,
      exp_date: line.expiresAt ? String(Math.floor(line.expiresAt.getTime() / 1000)) : null,
      is_trial: line.isTrial ? '1' : '0',
      active_cons: String(activeConnections(line.id)),
      created_at: String(Math.floor(line.createdAt.getTime() / 1000)),
      max_connections: String(line.maxConnections),
      allowed_output_formats: line.allowedOutputFormats,
    },
    server_info: serverInfo(address),
  };
}
