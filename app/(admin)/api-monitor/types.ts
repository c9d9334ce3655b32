/** What the API monitor page shows; the shapes of /api/monitor/requests, /events and /connections. */
export type { ApiRequestRecord as RequestEntry } from '@/lib/monitor/request-log';

export interface ConnectionsSnapshot {
  /** The replica that answered; `viewers` are its own, `upstreams[].used` and `accounts` span every replica (Redis). */
  replica?: string;
  viewers: { id?: string; lineId?: string; line: string; publicId: number; name: string; upstreamId: string | null; startedAt: string; bytes: number; clientIp: string; mode: string; replica?: string }[];
  upstreams: { upstreamId: string; name?: string; used: number; max: number | null }[];
  accounts?: { lineId: string; line: string | null; viewers: number }[] | null;
}

export interface RequestRates {
  perMinute: number;
  errors: number;
}

export type StatusClass = 'all' | '2xx' | '3xx' | '4xx' | '5xx';
