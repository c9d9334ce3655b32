import { query } from '../client';
import { searchConditions, searchWords } from './search-match';

export interface MatchChannelRow {
  public_id: number;
  name: string;
  epg_channel_id: string | null;
  upstream_server_id: string;
}

/** Every servable live channel with the name and guide id the admin sees (overrides applied). */
export async function liveChannelsForMatching(): Promise<MatchChannelRow[]> {
  return query<MatchChannelRow>(
    `SELECT s.public_id::int AS public_id, coalesce(nullif(io.name, ''), s.name) AS name,
            coalesce(nullif(io.epg_channel_id, ''), nullif(s.epg_channel_id, '')) AS epg_channel_id, s.upstream_server_id
       FROM synced_content s
       JOIN upstream_servers u ON u.id = s.upstream_server_id AND u.is_active
       LEFT JOIN item_overrides io ON io.public_id = s.public_id
      WHERE s.stream_type = 'live' AND s.removed_at IS NULL
      ORDER BY s.public_id`,
  );
}

export interface GuideChannelRow {
  source_id: string;
  channel_id: string;
  display_name: string | null;
  priority: number;
  upstream_server_id: string | null;
}

/** The channels of every enabled source that has programmes, best source first. */
export async function guideChannelsForMatching(): Promise<GuideChannelRow[]> {
  return query<GuideChannelRow>(
    `SELECT c.source_id, c.channel_id, c.display_name, s.priority, s.upstream_server_id
       FROM epg_channels c JOIN epg_sources s ON s.id = c.source_id AND s.enabled AND s.programme_count > 0
      ORDER BY s.priority DESC, s.created_at, c.channel_id`,
  );
}

export interface ChannelMapRow {
  public_id: number;
  source_id: string | null;
  epg_channel_id: string | null;
  matched_by: 'id' | 'name' | 'manual' | 'dummy' | null;
  score: number | null;
  pinned: boolean;
  dummy: boolean;
  offset_minutes: number;
}

export async function pinnedPublicIds(): Promise<Set<number>> {
  const rows = await query<{ public_id: number }>(`SELECT public_id::int AS public_id FROM epg_channel_map WHERE pinned`);
  return new Set(rows.map((r) => r.public_id));
}

export interface AutoMatch {
  publicId: number;
  sourceId: string | null;
  epgChannelId: string | null;
  matchedBy: 'id' | 'name' | null;
  score: number | null;
}

/** Writes auto-match results; a pinned row is never touched, an offset is always kept. How many rows changed. */
export async function saveAutoMatches(rows: AutoMatch[]): Promise<number> {
  if (rows.length === 0) return 0;
  const changed = await query<{ n: number }>(
    `WITH w AS (INSERT INTO epg_channel_map (public_id, source_id, epg_channel_id, matched_by, score)
     SELECT t.public_id, t.source_id, t.channel, t.matched_by, t.score
       FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::real[]) AS t(public_id, source_id, channel, matched_by, score)
     ON CONFLICT (public_id) DO UPDATE SET source_id = excluded.source_id, epg_channel_id = excluded.epg_channel_id,
       matched_by = excluded.matched_by, score = excluded.score, updated_at = now()
     WHERE NOT epg_channel_map.pinned
       AND (epg_channel_map.source_id IS DISTINCT FROM excluded.source_id OR epg_channel_map.epg_channel_id IS DISTINCT FROM excluded.epg_channel_id
            OR epg_channel_map.matched_by IS DISTINCT FROM excluded.matched_by)
     RETURNING 1) SELECT count(*)::int AS n FROM w`,
    [rows.map((r) => r.publicId), rows.map((r) => r.sourceId), rows.map((r) => r.epgChannelId), rows.map((r) => r.matchedBy), rows.map((r) => r.score)],
  );
  return changed[0]?.n ?? 0;
}

export interface GuideIdRow {
  public_id: number;
  epg_channel_id: string | null;
  dummy: boolean;
}

/** Channels with a guide from the mapping (a match, a pin or a dummy): the lists give them a guide id. */
export async function mappedGuideIds(): Promise<GuideIdRow[]> {
  return query<GuideIdRow>(
    `SELECT public_id::int AS public_id, epg_channel_id, dummy FROM epg_channel_map WHERE (source_id IS NOT NULL AND epg_channel_id IS NOT NULL) OR dummy`,
  );
}

export async function mapOf(publicIds: number[]): Promise<ChannelMapRow[]> {
  if (publicIds.length === 0) return [];
  return query<ChannelMapRow>(
    `SELECT public_id::int AS public_id, source_id, epg_channel_id, matched_by, score, pinned, dummy, offset_minutes
       FROM epg_channel_map WHERE public_id = ANY($1::bigint[])`,
    [publicIds],
  );
}

export type ChannelMapPatch =
  | { kind: 'pin'; sourceId: string; epgChannelId: string }
  | { kind: 'dummy' }
  | { kind: 'offset'; offsetMinutes: number }
  | { kind: 'unpin' };

export async function setChannelMap(publicId: number, patch: ChannelMapPatch): Promise<void> {
  if (patch.kind === 'pin') {
    await query(
      `INSERT INTO epg_channel_map (public_id, source_id, epg_channel_id, matched_by, score, pinned, dummy)
       VALUES ($1, $2, $3, 'manual', NULL, true, false)
       ON CONFLICT (public_id) DO UPDATE SET source_id = $2, epg_channel_id = $3, matched_by = 'manual', score = NULL,
         pinned = true, dummy = false, updated_at = now()`,
      [publicId, patch.sourceId, patch.epgChannelId],
    );
  } else if (patch.kind === 'dummy') {
    await query(
      `INSERT INTO epg_channel_map (public_id, source_id, epg_channel_id, matched_by, pinned, dummy)
       VALUES ($1, NULL, NULL, 'dummy', true, true)
       ON CONFLICT (public_id) DO UPDATE SET source_id = NULL, epg_channel_id = NULL, matched_by = 'dummy', score = NULL,
         pinned = true, dummy = true, updated_at = now()`,
      [publicId],
    );
  } else if (patch.kind === 'offset') {
    await query(
      `INSERT INTO epg_channel_map (public_id, offset_minutes) VALUES ($1, $2)
       ON CONFLICT (public_id) DO UPDATE SET offset_minutes = $2, updated_at = now()`,
      [publicId, patch.offsetMinutes],
    );
  } else {
    // Released: the next auto-match decides again.
    await query(
      `UPDATE epg_channel_map SET pinned = false, dummy = false, source_id = NULL, epg_channel_id = NULL, matched_by = NULL, score = NULL,
         updated_at = now() WHERE public_id = $1`,
      [publicId],
    );
  }
}

export interface MappingListRow extends ChannelMapRow {
  name: string;
  own_epg_channel_id: string | null;
  source_name: string | null;
}

/** The mapping table of the /epg page: live channels with their guide, searchable, unmatched first-class. */
export async function listMappings(opts: { q?: string; unmatched?: boolean; limit: number; offset: number }): Promise<{ rows: MappingListRow[]; total: number }> {
  const where = [`s.stream_type = 'live'`, `s.removed_at IS NULL`];
  const params: unknown[] = [];
  if (opts.q) {
    // Every word, in the provider's name or in the admin's (search-match.ts); punctuation alone finds nothing.
    const words = searchWords(opts.q);
    const param = (v: unknown) => `$${params.push(v)}`;
    where.push(
      words.length
        ? `((${searchConditions('s.search_text', words, param).join(' AND ')}) OR (io.name IS NOT NULL AND ${searchConditions('np_search_text(io.name)', words, param).join(' AND ')}))`
        : 'false',
    );
  }
  if (opts.unmatched) where.push(`(m.public_id IS NULL OR (m.source_id IS NULL AND NOT m.dummy))`);
  const from = `FROM synced_content s
      JOIN upstream_servers u ON u.id = s.upstream_server_id AND u.is_active
      LEFT JOIN item_overrides io ON io.public_id = s.public_id
      LEFT JOIN epg_channel_map m ON m.public_id = s.public_id
      LEFT JOIN epg_sources es ON es.id = m.source_id
     WHERE ${where.join(' AND ')}`;
  const rows = await query<MappingListRow>(
    `SELECT s.public_id::int AS public_id, coalesce(nullif(io.name, ''), s.name) AS name,
            coalesce(nullif(io.epg_channel_id, ''), nullif(s.epg_channel_id, '')) AS own_epg_channel_id,
            m.source_id, m.epg_channel_id, m.matched_by, m.score, coalesce(m.pinned, false) AS pinned,
            coalesce(m.dummy, false) AS dummy, coalesce(m.offset_minutes, 0) AS offset_minutes, es.name AS source_name
       ${from}
      ORDER BY coalesce(nullif(io.name, ''), s.name), s.public_id
      LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, opts.limit, opts.offset],
  );
  const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, params);
  return { rows, total: n };
}

export async function liveChannelExists(publicId: number): Promise<boolean> {
  const rows = await query(`SELECT 1 FROM synced_content WHERE public_id = $1 AND stream_type = 'live' AND removed_at IS NULL`, [publicId]);
  return rows.length > 0;
}

/** Type-ahead over a source's channels (id or display name). */
export async function searchGuideChannels(sourceId: string | null, q: string, limit: number): Promise<{ source_id: string; channel_id: string; display_name: string | null }[]> {
  return query(
    `SELECT c.source_id, c.channel_id, c.display_name FROM epg_channels c
      WHERE ($1::uuid IS NULL OR c.source_id = $1::uuid)
        AND (c.channel_id ILIKE '%' || $2 || '%' OR np_search_text(c.display_name) LIKE '%' || np_search_text($2) || '%')
      ORDER BY c.display_name NULLS LAST, c.channel_id LIMIT $3`,
    [sourceId, q, limit],
  );
}

export async function guideChannelExists(sourceId: string, channelId: string): Promise<boolean> {
  return (await query(`SELECT 1 FROM epg_channels WHERE source_id = $1 AND channel_id = $2`, [sourceId, channelId])).length > 0;
}

export interface LiveGuideItem {
  public_id: number;
  name: string;
  epg_channel_id: string | null;
  tv_archive: boolean;
  tv_archive_duration: number;
}

export async function liveGuideItem(publicId: number): Promise<LiveGuideItem | undefined> {
  const [row] = await query<LiveGuideItem>(
    `SELECT s.public_id::int AS public_id, coalesce(nullif(io.name, ''), s.name) AS name,
            coalesce(nullif(io.epg_channel_id, ''), nullif(s.epg_channel_id, '')) AS epg_channel_id, s.tv_archive, s.tv_archive_duration
       FROM synced_content s LEFT JOIN item_overrides io ON io.public_id = s.public_id
      WHERE s.public_id = $1 AND s.stream_type = 'live' AND s.removed_at IS NULL`,
    [publicId],
  );
  return row;
}
