import { z } from 'zod';
import { readSealedSecrets, readTable, writeRows } from '@/db/queries/backup';
import { decryptSecret, encryptSecret } from '@/lib/crypto/secret-box';
import { defineSection, iso } from '../section';

const row = z.strictObject({
  id: z.guid(),
  name: z.string().min(1).max(100),
  serverUrl: z.string().url().max(500),
  username: z.string().min(1).max(100),
  /** Sealed with the backup passphrase; null when the backup was made without one. */
  password: z.string().max(2000).nullable(),
  isActive: z.boolean(),
  timeoutSeconds: z.number().int().min(5).max(300),
  priority: z.number().int().min(0).max(1000),
  userAgent: z.string().max(300).nullable(),
  maxConnections: z.number().int().min(0).nullable(),
  providerMaxConnections: z.number().int().nullable(),
  expiresAt: z.iso.datetime({ offset: true }).nullable(),
  syncIntervalMinutes: z.number().int().min(0),
  /** M3U upstreams (documents from before them have none of these three). */
  kind: z.enum(['xtream', 'm3u']).default('xtream'),
  /** The playlist URL sealed with the backup passphrase (it holds credentials); null without one. */
  playlistUrl: z.string().max(6000).nullable().default(null),
  /** The guide URL, sealed like the playlist (providers put the account's credentials in it). */
  epgUrl: z.string().max(6000).nullable().default(null),
});

export const upstreamsSection = defineSection({
  name: 'upstreams',
  schema: z.array(row).max(1000),
  async read(ctx) {
    return (await readTable('upstream_servers')).map((r) => ({
      id: r.id as string,
      name: r.name as string,
      serverUrl: r.server_url as string,
      username: r.username as string,
      password: ctx.seal(decryptSecret(r.password_encrypted as string)),
      isActive: r.is_active as boolean,
      timeoutSeconds: r.timeout_seconds as number,
      priority: r.priority as number,
      userAgent: (r.user_agent as string | null) ?? null,
      maxConnections: (r.max_connections as number | null) ?? null,
      providerMaxConnections: (r.provider_max_connections as number | null) ?? null,
      expiresAt: iso(r.expires_at),
      syncIntervalMinutes: r.sync_interval_minutes as number,
      kind: ((r.kind as string | null) ?? 'xtream') as 'xtream' | 'm3u',
      playlistUrl: r.playlist_url_encrypted ? ctx.seal(decryptSecret(r.playlist_url_encrypted as string)) : null,
      epgUrl: r.epg_url ? ctx.seal(r.epg_url as string) : null,
    }));
  },
  async write(rows, ctx) {
    // Without a password in the document an upstream keeps the one stored here (merge), or comes back
    // switched off with an empty one (the admin enters it again).
    const stored = await readSealedSecrets('upstream_servers', rows.map((r) => r.id));
    return writeRows(
      'upstream_servers',
      rows.map((r) => {
        const plain = ctx.open(r.password);
        const kept = stored.get(r.id)?.password_encrypted;
        const playlist = ctx.open(r.playlistUrl);
        return {
          id: r.id,
          name: r.name,
          server_url: r.serverUrl,
          username: r.username,
          password_encrypted: plain !== null ? encryptSecret(plain) : (kept ?? encryptSecret('')),
          is_active: plain !== null || kept ? r.isActive : false,
          timeout_seconds: r.timeoutSeconds,
          priority: r.priority,
          user_agent: r.userAgent,
          max_connections: r.maxConnections,
          provider_max_connections: r.providerMaxConnections,
          expires_at: r.expiresAt,
          sync_interval_minutes: r.syncIntervalMinutes,
          kind: r.kind,
          // Without the passphrase an M3U upstream keeps the playlist stored here, else comes back without one.
          playlist_url_encrypted: playlist !== null ? encryptSecret(playlist) : (stored.get(r.id)?.playlist_url_encrypted ?? null),
          epg_url: ctx.open(r.epgUrl) ?? stored.get(r.id)?.epg_url ?? null,
        };
      }),
    );
  },
});
