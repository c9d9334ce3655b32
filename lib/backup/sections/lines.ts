import crypto from 'node:crypto';
import { z } from 'zod';
import { readSealedSecrets, readTable, writeRows } from '@/db/queries/backup';
import { decryptSecret, encryptSecret, lookupHmac } from '@/lib/crypto/secret-box';
import { canonicalIp } from '@/lib/net/canonical-ip';
import { defineSection, iso } from '../section';

const row = z.strictObject({
  id: z.guid(),
  username: z.string().min(1).max(64),
  /** Sealed with the backup passphrase; null without one. */
  password: z.string().max(2000).nullable(),
  maxConnections: z.number().int().min(0),
  expiresAt: z.iso.datetime({ offset: true }).nullable(),
  isTrial: z.boolean(),
  status: z.enum(['active', 'disabled', 'banned']),
  allowedOutputFormats: z.array(z.enum(['ts', 'm3u8'])),
  onLimit: z.enum(['kick_oldest', 'refuse']),
  notes: z.string().max(10_000).nullable(),
  bouquetIds: z.array(z.guid()).max(500),
  /** Client IPs banned for the account (absent in documents written before migration 0011). */
  ipBans: z
    .array(z.strictObject({ ip: z.string().max(64).refine((v) => canonicalIp(v) !== null, 'must be an IP address').transform((v) => canonicalIp(v)!), reason: z.string().max(200).nullable(), createdBy: z.string().max(100).nullable(), createdAt: z.iso.datetime({ offset: true }) }))
    .max(500)
    .optional(),
});

export const linesSection = defineSection({
  name: 'lines',
  schema: z.array(row),
  async read(ctx) {
    const bouquets = new Map<string, string[]>();
    for (const lb of await readTable('line_bouquets')) {
      const list = bouquets.get(lb.line_id as string) ?? [];
      list[lb.position as number] = lb.bouquet_id as string;
      bouquets.set(lb.line_id as string, list);
    }
    const bans = new Map<string, { ip: string; reason: string | null; createdBy: string | null; createdAt: string }[]>();
    for (const b of await readTable('line_ip_bans')) {
      const list = bans.get(b.line_id as string) ?? [];
      list.push({ ip: b.ip as string, reason: (b.reason as string | null) ?? null, createdBy: (b.created_by as string | null) ?? null, createdAt: iso(b.created_at)! });
      bans.set(b.line_id as string, list);
    }
    return (await readTable('lines')).map((r) => ({
      id: r.id as string,
      username: r.username as string,
      password: ctx.seal(decryptSecret(r.password_encrypted as string)),
      maxConnections: r.max_connections as number,
      expiresAt: iso(r.expires_at),
      isTrial: r.is_trial as boolean,
      status: r.status as 'active' | 'disabled' | 'banned',
      allowedOutputFormats: r.allowed_output_formats as ('ts' | 'm3u8')[],
      onLimit: r.on_limit as 'kick_oldest' | 'refuse',
      notes: (r.notes as string | null) ?? null,
      bouquetIds: (bouquets.get(r.id as string) ?? []).filter(Boolean),
      ipBans: bans.get(r.id as string) ?? [],
    }));
  },
  async write(rows, ctx) {
    // Without a password in the document an account keeps the stored one (merge) or gets a new random
    // one, shown on its page (the admin hands it out again).
    const stored = await readSealedSecrets('lines', rows.map((r) => r.id));
    const n = await writeRows(
      'lines',
      rows.map((r) => {
        const plain = ctx.open(r.password);
        const kept = stored.get(r.id);
        const password = plain ?? (kept ? null : crypto.randomBytes(9).toString('base64url'));
        return {
          id: r.id,
          username: r.username,
          password_encrypted: password !== null ? encryptSecret(password) : kept!.password_encrypted,
          password_hmac: password !== null ? lookupHmac(password) : kept!.password_hmac,
          max_connections: r.maxConnections,
          expires_at: r.expiresAt,
          is_trial: r.isTrial,
          status: r.status,
          allowed_output_formats: r.allowedOutputFormats,
          on_limit: r.onLimit,
          notes: r.notes,
        };
      }),
    );
    await writeRows(
      'line_bouquets',
      rows.flatMap((r) => r.bouquetIds.map((b, position) => ({ line_id: r.id, bouquet_id: b, position }))),
    );
    await writeRows(
      'line_ip_bans',
      rows.flatMap((r) => (r.ipBans ?? []).map((b) => ({ line_id: r.id, ip: b.ip, reason: b.reason, created_by: b.createdBy, created_at: b.createdAt }))),
    );
    return n;
  },
});
