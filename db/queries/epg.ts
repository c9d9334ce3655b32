import { getDatabase, query } from '../client';

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

/** The longest catch-up window of any servable live channel, in days (how far back a guide is kept). */
export async function longestArchiveDays(): Promise<number> {
  const [row] = await query<{ days: number | null }>(
    `SELECT max(tv_archive_duration)::int AS days FROM synced_content WHERE stream_type = 'live' AND tv_archive AND removed_at IS NULL`,
  );
  return row?.days ?? 0;
}

/**
 * Run first inside the transaction that writes a guide: locks the source row until commit (programmes
 * have no foreign key, see migration 0014), so a delete of the source waits and then takes the new rows
 * with it. False when the source is gone.
 */
export async function lockGuideSource(sourceId: string): Promise<boolean> {
  const rows = await query(`SELECT 1 FROM epg_sources WHERE id = $1 FOR KEY SHARE`, [sourceId]);
  return rows.length > 0;
}

/** What the last complete ingest of a source read (see 0015_guide_fingerprint). */
export interface StoredGuideMark {
  fingerprint: string;
  etag: string | null;
  lastModified: string | null;
  /** The earliest programme left out for starting past the kept window, or null. */
  completeUntil: Date | null;
}

/** Run in the transaction that swaps the guide (null when it stored none): a failed ingest records nothing. */
export async function markStoredGuide(sourceId: string, mark: StoredGuideMark | null): Promise<void> {
  await query(
    `UPDATE epg_sources SET guide_fingerprint = $2, guide_etag = $3, guide_last_modified = $4,
       guide_stored_at = CASE WHEN $2::text IS NULL THEN NULL ELSE now() END, guide_complete_until = $5
     WHERE id = $1`,
    [sourceId, mark?.fingerprint ?? null, mark?.etag ?? null, mark?.lastModified ?? null, mark?.completeUntil?.toISOString() ?? null],
  );
}

/** The server's current validators for a guide found unchanged (the fingerprint stands). */
export async function updateGuideValidators(sourceId: string, fingerprint: string, etag: string | null, lastModified: string | null): Promise<void> {
  await query(`UPDATE epg_sources SET guide_etag = $3, guide_last_modified = $4 WHERE id = $1 AND guide_fingerprint = $2`, [sourceId, fingerprint, etag, lastModified]);
}

/** Run inside the transaction that writes the new guide: the old one goes at commit, not before. */
export async function deleteGuideOf(sourceId: string): Promise<void> {
  await query(`DELETE FROM epg_programmes WHERE source_id = $1`, [sourceId]);
  await query(`DELETE FROM epg_channels WHERE source_id = $1`, [sourceId]);
}

export interface GuideChannelInput {
  channelId: string;
  displayName: string | null;
  icon: string | null;
}

/** The guide's owner: its source, and the upstream when it is an upstream's own guide. */
export interface GuideOwner {
  sourceId: string;
  upstreamId: string | null;
}

export async function insertGuideChannels(owner: GuideOwner, rows: GuideChannelInput[]): Promise<void> {
  if (rows.length === 0) return;
  await query(
    `INSERT INTO epg_channels (source_id, upstream_server_id, channel_id, display_name, icon_url)
     SELECT $1, $2, left(t.id, 255), left(t.name, 255), t.icon FROM unnest($3::text[], $4::text[], $5::text[]) AS t(id, name, icon)
     ON CONFLICT (source_id, channel_id) DO NOTHING`,
    [owner.sourceId, owner.upstreamId, rows.map((r) => r.channelId), rows.map((r) => r.displayName), rows.map((r) => r.icon)],
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

// Epoch milliseconds as a timestamp, exact (no floating point): 'epoch' plus that many milliseconds.
const EPOCH_MS = `timestamptz 'epoch' + interval '1 millisecond' * `;

/**
 * One multi-row INSERT of a batch of programmes given as the bytes of a JSON array of
 * `[channelId, startMs, stopMs, title, description, lang]` rows (the guide's spool lines, joined): the
 * database reads the rows, so the process builds no object, date or parameter array per programme.
 * A second programme at the same start on the same channel is dropped.
 */
export async function insertProgrammeRows(owner: GuideOwner, rowsJson: Buffer): Promise<number> {
  // PostgreSQL takes the bytes as they are (a json parameter in binary format is its text); PGlite's
  // driver would read bytes as bytea, so it gets the text.
  const rows = (await getDatabase()).driver === 'pg' ? rowsJson : rowsJson.toString('utf8');
  const inserted = await query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO epg_programmes (source_id, upstream_server_id, channel_id, start_at, stop_at, title, description, lang)
       SELECT $1, $2, left(r->>0, 255), ${EPOCH_MS}(r->>1)::bigint, ${EPOCH_MS}(r->>2)::bigint, r->>3, r->>4, left(r->>5, 16)
         FROM json_array_elements($3::json) AS r
       ON CONFLICT (source_id, channel_id, start_at) DO NOTHING
       RETURNING 1
     ) SELECT count(*)::int AS n FROM ins`,
    [owner.sourceId, owner.upstreamId, rows],
  );
  return inserted[0]?.n ?? 0;
}

export async function countProgrammes(upstreamId: string): Promise<number> {
  const [row] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM epg_programmes WHERE upstream_server_id = $1`, [upstreamId]);
  return row?.n ?? 0;
}

export interface MappedProgrammeRow {
  public_id: number;
  id: number;
  channel_id: string;
  start_at: Date;
  stop_at: Date;
  title: string;
  description: string | null;
  lang: string | null;
}

/**
 * The programmes of some live channels (by public id) from the guide each is mapped to
 * (epg_channel_map), times as the guide states them (the caller applies the offset), ordered by
 * channel and start. `stopAfter` keeps programmes ending after that instant (in guide time).
 */
export async function mappedProgrammes(publicIds: number[], stopAfter: Date | null, limitPerChannel: number | null): Promise<MappedProgrammeRow[]> {
  if (publicIds.length === 0) return [];
  return query<MappedProgrammeRow>(
    `SELECT m.public_id::int AS public_id, p.id::int AS id, p.channel_id, p.start_at, p.stop_at, p.title, p.description, p.lang
       FROM epg_channel_map m
       JOIN epg_sources s ON s.id = m.source_id AND s.enabled
       CROSS JOIN LATERAL (
         SELECT p.* FROM epg_programmes p
          WHERE p.source_id = m.source_id AND p.channel_id = m.epg_channel_id
            AND ($2::timestamptz IS NULL OR p.stop_at > $2::timestamptz - make_interval(mins => m.offset_minutes))
          ORDER BY p.start_at
          LIMIT $3
       ) p
      WHERE m.public_id = ANY($1::bigint[]) AND NOT m.dummy
      ORDER BY m.public_id, p.start_at`,
    [publicIds, stopAfter, limitPerChannel],
  );
}
