import * as q from '@/db/queries/upstream-servers';
import { decryptSecret, encryptSecret, lookupHmac } from '@/lib/crypto/secret-box';
import { AppError, conflict, notFound } from '@/lib/errors';
import { bumpCatalogVersion } from '@/lib/catalog-version/version';
import { upstreamSlotsInUse } from '@/lib/slots/slots';
import { getEnv } from '@/lib/env';
import { UpstreamClient } from './client';
import { defaultRateLimit } from './rate-limit';
import { normalizeServerUrl } from './normalize-url';
import type { CreateM3uUpstreamInput, CreateUpstreamInput, UpdateUpstreamInput, UpstreamView } from './server-schemas';
import { maskUrl } from './url-source';
import { testUpstreamConnection, type TestConnectionResult } from './test-connection';
import { recordUpstreamTest } from './health';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toUpstreamView(row: q.UpstreamWithCounts): UpstreamView {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    playlistUrl: row.playlist_url_encrypted ? maskUrl(decryptSecret(row.playlist_url_encrypted)) : null,
    epgUrl: row.epg_url ? maskUrl(row.epg_url) : null,
    serverUrl: row.server_url,
    username: row.username,
    isActive: row.is_active,
    timeoutSeconds: row.timeout_seconds,
    priority: row.priority,
    userAgent: row.user_agent,
    maxConnections: row.max_connections,
    providerMaxConnections: row.provider_max_connections,
    activeConnections: upstreamSlotsInUse().get(row.id) ?? 0,
    expiresAt: iso(row.expires_at),
    syncIntervalMinutes: row.sync_interval_minutes,
    lastSyncAt: iso(row.last_sync_at),
    lastSyncStatus: row.last_sync_status,
    lastSuccessAt: iso(row.last_success_at),
    lastError: row.last_error,
    lastTestAt: iso(row.last_test_at),
    lastTestError: row.last_test_error,
    counts: { live: row.live, vod: row.vod, series: row.series },
    createdAt: row.created_at.toISOString(),
  };
}

export async function listUpstreams({ page = 1, pageSize = 50 } = {}) {
  const { rows, total } = await q.listUpstreamRows(pageSize, (page - 1) * pageSize);
  return { items: rows.map(toUpstreamView), total, page, pageSize };
}

export async function getUpstream(id: string): Promise<UpstreamView> {
  const row = await q.findUpstreamWithCounts(id);
  if (!row) throw notFound('upstream');
  return toUpstreamView(row);
}

/** The columns both kinds of upstream take from their create input alike. */
const settingsColumns = (input: CreateUpstreamInput) => ({
  isActive: input.isActive,
  timeoutSeconds: input.timeoutSeconds,
  priority: input.priority,
  userAgent: input.userAgent || null,
  maxConnections: input.maxConnections ?? null,
  syncIntervalMinutes: input.syncIntervalMinutes,
});

export async function createUpstream(input: CreateUpstreamInput): Promise<UpstreamView> {
  if (input.kind === 'm3u') return createPlaylistUpstream(input);
  const serverUrl = normalizeServerUrl(input.serverUrl);
  const id = await q.insertUpstream({
    name: input.name ?? new URL(serverUrl).host,
    serverUrl,
    username: input.username,
    passwordEncrypted: encryptSecret(input.password),
    ...settingsColumns(input),
  }).catch(rethrowDuplicate);
  return getUpstream(id);
}

/**
 * An M3U upstream: the playlist URL is sealed like a password (it usually carries credentials). Its
 * server URL is the playlist's origin (for the SSRF guard's trusted host and the list), its username a
 * keyed hash of the URL, so one playlist is added once.
 */
async function createPlaylistUpstream(input: CreateM3uUpstreamInput): Promise<UpstreamView> {
  const origin = new URL(input.playlistUrl).origin;
  const id = await q.insertUpstream({
    name: input.name,
    serverUrl: origin,
    username: `m3u:${lookupHmac(input.playlistUrl).slice(0, 32)}`,
    passwordEncrypted: encryptSecret(M3U_NO_PASSWORD),
    ...settingsColumns(input),
    kind: 'm3u',
    playlistUrlEncrypted: encryptSecret(input.playlistUrl),
    epgUrl: input.epgUrl ?? null,
  }).catch((err) => {
    if ((err as { code?: string }).code === '23505') throw conflict('This playlist is already added', { playlistUrl: 'already added' });
    throw err;
  });
  return getUpstream(id);
}

/** M3U upstreams have no password; the column is required, so it holds this (sealed, never used). */
const M3U_NO_PASSWORD = 'm3u-playlist';

export async function updateUpstream(id: string, input: UpdateUpstreamInput): Promise<UpstreamView> {
  const { password, serverUrl, userAgent, playlistUrl, epgUrl, ...rest } = input;
  const current = await q.findUpstream(id);
  if (!current) throw notFound('upstream');
  const m3u = current.kind === 'm3u';
  if (!m3u && (playlistUrl !== undefined || epgUrl !== undefined)) {
    throw new AppError('validation_failed', 'playlistUrl: only M3U upstreams have a playlist', { [playlistUrl !== undefined ? 'playlistUrl' : 'epgUrl']: 'only M3U upstreams have this' });
  }
  if (m3u && (serverUrl !== undefined || input.username !== undefined || password)) {
    throw new AppError('validation_failed', 'serverUrl: an M3U upstream is defined by its playlistUrl', { [serverUrl !== undefined ? 'serverUrl' : input.username !== undefined ? 'username' : 'password']: 'an M3U upstream has a playlistUrl instead' });
  }
  const found = await q.updateUpstreamRow(id, {
    ...rest,
    ...(playlistUrl !== undefined
      ? { playlistUrlEncrypted: encryptSecret(playlistUrl), serverUrl: new URL(playlistUrl).origin, username: `m3u:${lookupHmac(playlistUrl).slice(0, 32)}` }
      : {}),
    ...(epgUrl !== undefined ? { epgUrl } : {}),
    ...(serverUrl !== undefined ? { serverUrl: normalizeServerUrl(serverUrl) } : {}),
    ...(userAgent !== undefined ? { userAgent: userAgent || null } : {}),
    ...(password ? { passwordEncrypted: encryptSecret(password) } : {}),
  }).catch(rethrowDuplicate);
  if (!found) throw notFound('upstream');
  // Enabling or disabling an upstream changes what players see.
  if (input.isActive !== undefined) await bumpCatalogVersion();
  return getUpstream(id);
}

/** Removes the upstream and, by cascade, its synced content; public ids stay reserved. */
export async function deleteUpstream(id: string): Promise<void> {
  if (!(await q.deleteUpstreamRow(id))) throw notFound('upstream');
  await bumpCatalogVersion();
}

/** A client for a stored upstream; the password is decrypted only here. */
export function clientFor(row: q.UpstreamRow): UpstreamClient {
  return new UpstreamClient({
    serverUrl: row.server_url,
    username: row.username,
    password: decryptSecret(row.password_encrypted),
    timeoutSeconds: row.timeout_seconds,
    userAgent: row.user_agent ?? undefined,
    key: row.id,
    rateLimit: { ...defaultRateLimit, perSecond: getEnv().UPSTREAM_RATE_PER_SECOND },
  });
}

/** Tests a stored upstream; a success refreshes what we know of the account (expiry, limit). */
export async function testStoredUpstream(id: string): Promise<TestConnectionResult> {
  const row = await q.findUpstream(id);
  if (!row) throw notFound('upstream');
  const result = await testUpstreamConnection({
    serverUrl: row.server_url,
    username: row.username,
    password: decryptSecret(row.password_encrypted),
    timeoutSeconds: row.timeout_seconds,
    userAgent: row.user_agent ?? undefined,
  });
  await recordUpstreamTest(id, result.success ? null : result.message);
  if (result.success && result.userInfo) {
    await q.recordUpstreamAccount(id, {
      expiresAt: result.userInfo.expiresAt ? new Date(result.userInfo.expiresAt) : null,
      maxConnections: result.userInfo.maxConnections,
      // What the last sync learnt of the output formats stays (a connection test does not report them).
      serverInfo: { ...(result.serverInfo ?? {}), ...(row.server_info?.allowedOutputFormats ? { allowedOutputFormats: row.server_info.allowedOutputFormats } : {}) },
    });
  }
  return result;
}

function rethrowDuplicate(err: unknown): never {
  if ((err as { code?: string }).code === '23505') {
    throw conflict('This server URL and username are already added', { username: 'already added for this server URL' });
  }
  throw err;
}
