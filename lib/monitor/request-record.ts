/** One Xtream request as the log keeps it (passwords and tokens already masked). */
export interface ApiRequestRecord {
  at: string;
  line: string | null;
  action: string;
  path: string;
  status: number;
  durationMs: number;
  ip: string;
  userAgent: string | null;
}
