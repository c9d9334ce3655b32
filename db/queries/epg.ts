import { query } from '../client';

export interface GuideReference {
  /** Every distinct `epg_channel_id` of the upstream's servable live channels, as they spell it. */
  channelIds: string[];
  /** The longest catch-up window of those channels, in days. */
  archiveDays: number;
}

export async function guideReferencesOf(upstreamId: string): Promise<GuideReference> {
  const rows = await query<{ epg_channel_id: string; archive_days: number }>(
    `SELECT s.epg_channel_id, max(CASE WHEN s.tv_archive THEN s.tv_archive_duration ELSE 0 END) AS archive_days
       FROM synced_content s
      WHERE s.upstream_server_id = $1 AND s.stream_type = 'live' AND s.removed_at IS NULL
        AND s.epg_channel_id IS NOT NULL AND s.epg_channel_id <> ''
      GROUP BY s.epg_channel_id ORDER BY s.epg_channel_id`,
    [upstreamId],
  );
  return { channelIds: rows.map((r) => r.epg_channel_id), archiveDays: rows.reduce((max, r) => Math.max(max, Number(r.archive_days) || 0), 0) };
}

/** Run inside the transaction that writes the new guide: the old one goes at commit, not before. */
export async function deleteGuideOf(upstreamId: string): Promise<void> {
  await query(`DELETE FROM epg_programmes WHERE upstream_server_id = $1`, [upstreamId]);
  await query(`DELETE FROM epg_channels WHERE upstream_server_id = $1`, [upstreamId]);
}

export interface GuideChannelInput {
  channelId: string;
  displayName: string | null;
  icon: string | null;
}

export async function insertGuideChannels(upstreamId: string, rows: GuideChannelInput[]): Promise<void> {
  if (rows.length === 0) return;
  await query(
    `INSERT INTO epg_channels (upstream_server_id, channel_id, display_name, icon_url)
     SELECT $1, t.id, left(t.name, 255), t.icon FROM unnest($2::text[], $3::text[], $4::text[]) AS t(id, name, icon)
     ON CONFLICT (upstream_server_id, channel_id) DO NOTHING`,
    [upstreamId, rows.map((r) => r.channelId), rows.map((r) => r.displayName), rows.map((r) => r.icon)],
  );
}

export interface ProgrammeInput {
  channelId: string;
  start: Date;
  stop: Date;
  title: string;
  description: string | null;
  lang: string | null;
}

/** One multi-row INSERT; a second programme at the same start on the same channel is dropped. */
export async function insertProgrammes(upstreamId: string, rows: ProgrammeInput[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await query(
    `INSERT INTO epg_programmes (upstream_server_id, channel_id, start_at, stop_at, title, description, lang)
     SELECT $1, t.channel, t.start_at, t.stop_at, t.title, t.description, left(t.lang, 16)
       FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[], $6::text[], $7::text[])
            AS t(channel, start_at, stop_at, title, description, lang)
     ON CONFLICT (upstream_server_id, channel_id, start_at) DO NOTHING
     RETURNING 1`,
    [
      upstreamId,
      rows.map((r) => r.channelId),
      rows.map((r) => r.start.toISOString()),
      rows.map((r) => r.stop.toISOString()),
      rows.map((r) => r.title),
      rows.map((r) => r.description),
      rows.map((r) => r.lang),
    ],
  );
  return inserted.length;
}

export interface ChannelProgrammeRow {
  id: number;
  channel_id: string;
  start_at: Date;
  stop_at: Date;
  title: string;
  description: string | null;
  lang: string | null;
  tv_archive: boolean;
  tv_archive_duration: number;
}

/**
 * The guide of one live channel by public id: from its own upstream's guide, else from the
 * highest-priority active upstream that has a guide for the same channel id. `upcomingOnly` keeps
 * the current and later programmes. Index: uq (upstream_server_id, channel_id, start_at).
 */
export async function channelProgrammes(publicId: number, upcomingOnly: boolean, limit: number): Promise<ChannelProgrammeRow[]> {
  return query<ChannelProgrammeRow>(
    `WITH item AS (
       SELECT s.upstream_server_id, s.epg_channel_id, s.tv_archive, s.tv_archive_duration
         FROM synced_content s JOIN upstream_servers u ON u.id = s.upstream_server_id AND u.is_active
        WHERE s.public_id = $1 AND s.stream_type = 'live' AND s.removed_at IS NULL AND s.epg_channel_id <> ''
     ), source AS (
       SELECT c.upstream_server_id, c.channel_id
         FROM item JOIN epg_channels c ON c.channel_id = item.epg_channel_id
         JOIN upstream_servers u ON u.id = c.upstream_server_id AND u.is_active
        ORDER BY (c.upstream_server_id = item.upstream_server_id) DESC, u.priority DESC, c.upstream_server_id
        LIMIT 1
     )
     SELECT p.id, p.channel_id, p.start_at, p.stop_at, p.title, p.description, p.lang, item.tv_archive, item.tv_archive_duration
       FROM source
       JOIN epg_programmes p ON p.upstream_server_id = source.upstream_server_id AND p.channel_id = source.channel_id
       CROSS JOIN item
      WHERE NOT $2::boolean OR p.stop_at > now()
      ORDER BY p.start_at
      LIMIT $3`,
    [publicId, upcomingOnly, limit],
  );
}

export interface GuideOutputRow {
  channel_id: string;
  start_at: Date;
  stop_at: Date;
  title: string;
  description: string | null;
  lang: string | null;
}

/**
 * The programmes of some channel ids for xmltv.php, each channel's from the highest-priority active
 * upstream that has a guide for it, ordered by channel and start.
 */
export async function guideProgrammesOf(channelIds: string[]): Promise<GuideOutputRow[]> {
  if (channelIds.length === 0) return [];
  return query<GuideOutputRow>(
    `WITH source AS (
       SELECT DISTINCT ON (c.channel_id) c.upstream_server_id, c.channel_id
         FROM epg_channels c JOIN upstream_servers u ON u.id = c.upstream_server_id AND u.is_active
        WHERE c.channel_id = ANY($1::text[])
        ORDER BY c.channel_id, u.priority DESC, c.upstream_server_id
     )
     SELECT p.channel_id, p.start_at, p.stop_at, p.title, p.description, p.lang
       FROM source JOIN epg_programmes p ON p.upstream_server_id = source.upstream_server_id AND p.channel_id = source.channel_id
      ORDER BY p.channel_id, p.start_at`,
    [channelIds],
  );
}

export async function countProgrammes(upstreamId: string): Promise<number> {
  const [row] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM epg_programmes WHERE upstream_server_id = $1`, [upstreamId]);
  return row?.n ?? 0;
}
