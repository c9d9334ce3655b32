import type { LineStatus, PlayerLine } from '@/lib/lines/credentials';
import { activeConnections } from '@/lib/slots/slots';
import type { PanelAddress } from '@/lib/http/public-url';

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
