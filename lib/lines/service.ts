import crypto from 'node:crypto';
import * as q from '@/db/queries/lines';
import { existingBouquetIds, setLineBouquets } from '@/db/queries/bouquets';
import { decryptSecret, encryptSecret, lookupHmac } from '@/lib/crypto/secret-box';
import { AppError, conflict, notFound } from '@/lib/errors';
import { activeConnections } from '@/lib/slots/slots';
import { forgetLine, lineStatus } from './credentials';
import { unwrittenSighting } from './last-seen';
import type { CreateLineInput, LineView, UpdateLineInput } from './schemas';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

export function generateLinePassword(length = 12): string {
  const bytes = crypto.randomBytes(length);
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
}

/** The links an admin copies into a player. */
export function lineLinks(baseUrl: string, username: string, password: string) {
  const auth = `username=${encodeURIComponent(username)}&password=${encodeURIComponent(password)}`;
  return {
    serverUrl: baseUrl,
    playlistUrl: `${baseUrl}/get.php?${auth}&type=m3u_plus&output=ts`,
    xmltvUrl: `${baseUrl}/xmltv.php?${auth}`,
    /** The HDHomeRun tuner address for Plex, Jellyfin, Emby and Channels DVR (docs/hdhomerun.md). */
    hdhrUrl: `${baseUrl}/hdhr/${encodeURIComponent(username)}/${encodeURIComponent(password)}`,
  };
}

export function toLineView(row: q.LineRow, opts: { withSecret?: boolean; baseUrl?: string; activeConnections?: number } = {}): LineView {
  // This replica's sighting not written yet wins when newer (lib/lines/last-seen.ts flushes every 2 s).
  const unwritten = unwrittenSighting(row.id, row.last_seen_at);
  const view: LineView = {
    id: row.id,
    username: row.username,
    maxConnections: row.max_connections,
    activeConnections: opts.activeConnections ?? activeConnections(row.id),
    expiresAt: row.expires_at?.toISOString() ?? null,
    isTrial: row.is_trial,
    status: row.status,
    effectiveStatus: lineStatus({ status: row.status, expiresAt: row.expires_at }),
    allowedOutputFormats: row.allowed_output_formats,
    onLimit: row.on_limit,
    notes: row.notes,
    lastSeenAt: (unwritten?.at ?? row.last_seen_at)?.toISOString() ?? null,
    lastIp: unwritten?.ip ?? row.last_ip ?? null,
    bannedIps: row.banned_ips ?? [],
    createdAt: row.created_at.toISOString(),
    bouquetIds: row.bouquet_ids ?? [],
  };
  if (opts.withSecret) {
    const password = decryptSecret(row.password_encrypted);
    view.password = password;
    if (opts.baseUrl) Object.assign(view, lineLinks(opts.baseUrl, row.username, password));
  }
  return view;
}

export async function listLines({ page = 1, pageSize = 50, q: search }: { page?: number; pageSize?: number; q?: string } = {}) {
  const { rows, total } = await q.listLineRows(pageSize, (page - 1) * pageSize, search);
  return { items: rows.map((r) => toLineView(r)), total, page, pageSize };
}

export async function getLine(id: string, opts: { withSecret: boolean; baseUrl: string }): Promise<LineView> {
  const row = await q.findLineById(id);
  if (!row) throw notFound('player account');
  return toLineView(row, opts);
}

export async function createLine(input: CreateLineInput, baseUrl: string): Promise<LineView> {
  const password = input.password ?? generateLinePassword();
  if (await q.findLineByUsername(input.username)) throw usernameTaken();
  const bouquetIds = await checkBouquets(input.bouquetIds ?? []);
  const row = await q
    .insertLine({
      username: input.username,
      passwordEncrypted: encryptSecret(password),
      passwordHmac: lookupHmac(password),
      maxConnections: input.maxConnections,
      expiresAt: input.expiresAt,
      isTrial: input.isTrial,
      status: input.status,
      allowedOutputFormats: [...new Set(input.allowedOutputFormats)],
      onLimit: input.onLimit,
      notes: input.notes ?? null,
    })
    .catch(rethrowDuplicate);
  if (bouquetIds.length) await setLineBouquets(row.id, bouquetIds);
  forgetLine(row.username);
  return toLineView({ ...row, bouquet_ids: bouquetIds }, { withSecret: true, baseUrl });
}

/** Changes take effect on the account's next request: the credential cache forgets it. */
export async function updateLine(id: string, input: UpdateLineInput, baseUrl: string): Promise<LineView> {
  const before = await q.findLineById(id);
  if (!before) throw notFound('player account');
  if (input.username && input.username !== before.username && (await q.findLineByUsername(input.username))) throw usernameTaken();
  const { password, allowedOutputFormats, bouquetIds: wanted, ...rest } = input;
  const bouquetIds = wanted === undefined ? undefined : await checkBouquets(wanted);
  const row = await q
    .updateLineRow(id, {
      ...rest,
      ...(allowedOutputFormats ? { allowedOutputFormats: [...new Set(allowedOutputFormats)] } : {}),
      ...(password ? { passwordEncrypted: encryptSecret(password), passwordHmac: lookupHmac(password) } : {}),
    })
    .catch(rethrowDuplicate);
  if (!row) throw notFound('player account');
  if (bouquetIds) await setLineBouquets(id, bouquetIds);
  forgetLine(before.username);
  forgetLine(row.username);
  return toLineView({ ...row, bouquet_ids: bouquetIds ?? before.bouquet_ids, banned_ips: before.banned_ips }, { withSecret: true, baseUrl });
}

export async function deleteLine(id: string): Promise<void> {
  const row = await q.deleteLineRow(id);
  if (!row) throw notFound('player account');
  forgetLine(row.username);
}

/** Every bouquet named must exist (a 400 naming the field otherwise). */
async function checkBouquets(ids: string[]): Promise<string[]> {
  const known = new Set(await existingBouquetIds(ids));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length) throw new AppError('validation_failed', 'bouquetIds: unknown bouquet', { bouquetIds: `unknown bouquet ${missing[0]}` });
  return ids;
}

const usernameTaken = () => conflict('username is already taken', { username: 'already taken' });

function rethrowDuplicate(err: unknown): never {
  if ((err as { code?: string }).code === '23505') throw usernameTaken();
  throw err;
}
