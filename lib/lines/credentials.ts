import crypto from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { findLineByUsername, type LineRow } from '@/db/queries/lines';
import { lookupHmac } from '@/lib/crypto/secret-box';
import { canonicalIp } from '@/lib/net/canonical-ip';
import { registerBound } from '@/lib/monitor/bounds';
import { sharedState } from '@/lib/shared-state/current';
import { processState } from '@/lib/state';

/** What the Xtream surface needs of an account, cached in memory by username. */
export interface PlayerLine {
  id: string;
  username: string;
  passwordHmac: Buffer;
  status: LineRow['status'];
  expiresAt: Date | null;
  maxConnections: number;
  isTrial: boolean;
  allowedOutputFormats: ('ts' | 'm3u8')[];
  onLimit: LineRow['on_limit'];
  createdAt: Date;
  /** The account's bouquets in order; empty: the whole catalog. */
  bouquetIds: string[];
  /** Client IPs (canonical) banned for this account; its requests from there answer as a banned account's. */
  bannedIps: string[];
}

export type LineStatus = 'Active' | 'Disabled' | 'Banned' | 'Expired';

// Changes through the API forget the entry at once, on every replica when Redis carries the notice;
// the TTL bounds staleness when a notice is lost. Unknown usernames are cached briefly too, so a
// flood of bad logins stays off the DB; they come from anyone, so they go to a bounded LRU (a flood of
// random usernames evicts its own entries instead of growing memory). Known accounts are bounded by
// the lines table.
const TTL_MS = 60_000;
const MISS_TTL_MS = 5_000;
const MAX_MISSES = 10_000;
// Known accounts: an LRU as well, so a panel with a huge lines table keeps the busiest ones only.
const MAX_LINES = 100_000;
const cache = processState('lineCache', () => new LRUCache<string, { line: PlayerLine; at: number }>({ max: MAX_LINES }));
const misses = processState('lineCacheMisses', () => new LRUCache<string, true>({ max: MAX_MISSES, ttl: MISS_TTL_MS }));
registerBound('credential_cache', { unit: 'entries', limit: MAX_LINES, used: () => cache.size });
registerBound('credential_cache_misses', { unit: 'entries', limit: MAX_MISSES, used: () => misses.size });
const forget = (username: string) => {
  cache.delete(username);
  misses.delete(username);
  refreshing.delete(username);
};
const listenForForgets = () =>
  processState('lineCacheNotices', () =>
    sharedState()?.bus.on((n) => {
      if (n.t === 'line') forget(n.username);
    }),
  );

function toPlayerLine(row: LineRow): PlayerLine {
  return {
    id: row.id,
    username: row.username,
    passwordHmac: Buffer.from(row.password_hmac, 'hex'),
    status: row.status,
    expiresAt: row.expires_at,
    maxConnections: row.max_connections,
    isTrial: row.is_trial,
    allowedOutputFormats: row.allowed_output_formats,
    onLimit: row.on_limit,
    createdAt: row.created_at,
    bouquetIds: row.bouquet_ids ?? [],
    bannedIps: row.banned_ips ?? [],
  };
}

// A refresh of a known account that has not answered within this budget (the database is slow, away or
// silent) lets the login through on the cached entry; the refresh lands in the cache when it answers.
const REFRESH_BUDGET_MS = 250;
const refreshing = processState('lineCacheRefreshes', () => new Map<string, Promise<PlayerLine | null>>());

function refresh(username: string): Promise<PlayerLine | null> {
  let pending = refreshing.get(username);
  if (!pending) {
    const at = Date.now();
    pending = findLineByUsername(username)
      .then((row) => {
        const line = row ? toPlayerLine(row) : null;
        // An entry forgotten meanwhile (a change through the API) is not brought back by an older read.
        if (refreshing.get(username) === pending) {
          if (line) {
            cache.set(username, { line, at });
            misses.delete(username);
          } else {
            cache.delete(username);
            misses.set(username, true);
          }
        }
        return line;
      })
      .finally(() => {
        if (refreshing.get(username) === pending) refreshing.delete(username);
      });
    refreshing.set(username, pending);
  }
  return pending;
}

async function lineFor(username: string): Promise<PlayerLine | null> {
  listenForForgets();
  const hit = cache.get(username);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.line;
  if (!hit && misses.has(username)) return null;
  const fresh = refresh(username);
  // Only a known account outlives an outage on its cached entry; an unknown name has to be asked for.
  if (!hit) return fresh;
  const stale = hit.line;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<PlayerLine>((resolve) => (timer = setTimeout(() => resolve(stale), REFRESH_BUDGET_MS)));
  try {
    return await Promise.race([fresh.catch(() => stale), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The player credential check: an HMAC of the given password compared in constant time with the
 * stored one. No bcrypt, and no query on a cache hit.
 */
export async function checkLineCredentials(username: string, password: string): Promise<PlayerLine | null> {
  if (!username || !password || username.length > 64 || password.length > 64) return null;
  const line = await lineFor(username);
  if (!line) return null;
  const given = Buffer.from(lookupHmac(password), 'hex');
  return crypto.timingSafeEqual(given, line.passwordHmac) ? line : null;
}

export function lineStatus(line: Pick<PlayerLine, 'status' | 'expiresAt'>, now = Date.now()): LineStatus {
  if (line.status === 'banned') return 'Banned';
  if (line.status === 'disabled') return 'Disabled';
  if (line.expiresAt && line.expiresAt.getTime() <= now) return 'Expired';
  return 'Active';
}

/** Whether the account has a ban for this client address (as the request log and the relay report it). */
export function ipBannedFor(line: Pick<PlayerLine, 'bannedIps'>, ip: string): boolean {
  if (line.bannedIps.length === 0) return false;
  const canonical = canonicalIp(ip);
  return canonical !== null && line.bannedIps.includes(canonical);
}

/** The account's status for a request from `ip`: a ban of that IP reads as `Banned`, like a banned account. */
export function lineStatusFrom(line: Pick<PlayerLine, 'status' | 'expiresAt' | 'bannedIps'>, ip: string, now = Date.now()): LineStatus {
  const status = lineStatus(line, now);
  return status === 'Active' && ipBannedFor(line, ip) ? 'Banned' : status;
}

export function forgetLine(username: string): void {
  forget(username);
  void sharedState()?.bus.publish({ t: 'line', username });
}
