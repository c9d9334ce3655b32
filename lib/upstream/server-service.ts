import * as q from '@/db/queries/upstream-servers';
import { decryptSecret, encryptSecret } from '@/lib/crypto/secret-box';
import { conflict, notFound } from '@/lib/http/errors';
import { bumpCatalogVersion } from '@/lib/catalog-version/version';
import { upstreamSlotsInUse } from '@/lib/slots/slots';
import { getEnv } from '@/lib/env';
import { UpstreamClient } from './client';
import { defaultRateLimit } from './rate-limit';
import { normalizeServerUrl } from './normalize-url';
import type { CreateUpstreamInput, UpdateUpstreamInput, UpstreamView } from './server-schemas';
import { testUpstreamConnection, type TestConnectionResult } from './test-connection';
import { recordUpstreamTest } from './health';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toUpstreamView(row: q.UpstreamWithCounts): UpstreamView {
  return {
    id: row.id,
    name: row.name,
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

export async function createUpstream(input: CreateUpstreamInput): Promise<UpstreamView> {
  const serverUrl = normalizeServerUrl(input.serverUrl);
  const id = await q.insertUpstream({
    name: input.name ?? new URL(serverUrl).host,
    serverUrl,
    username: input.username,
    passwordEncrypted: encryptSecret(input.password),
    isActive: input.isActive,
    timeoutSeconds: input.timeoutSeconds,
    priority: input.priority,
    userAgent: input.userAgent || null,
    maxConnections: input.maxConnections ?? null,
    syncIntervalMinutes: input.syncIntervalMinutes,
  }).catch(rethrowDuplicate);
  return getUpstream(id);
}

export async function updateUpstream(id: string, input: UpdateUpstreamInput): Promise<UpstreamView> {
  const { password, serverUrl, userAgent, ...rest } = input;
  const found = await q.updateUpstreamRow(id, {
    ...rest,
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
      serverInfo: result.serverInfo ?? {},
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
