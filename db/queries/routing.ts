import { query } from '../client';
import type { UpstreamRow } from './upstream-servers';

export interface RoutingRuleRow {
  id: string;
  name: string | null;
  content_id: string | null;
  content_source: 'upstream' | 'local' | 'any';
  routing_type: 'proxy' | 'redirect' | 'direct';
  priority: number;
  match: Record<string, unknown>;
  routing_config: Record<string, unknown>;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

// Highest priority first; among equals the newest rule wins.
const ORDER = 'ORDER BY priority DESC, created_at DESC, id';

export async function listRoutingRuleRows(limit: number, offset: number): Promise<{ rows: RoutingRuleRow[]; total: number }> {
  const rows = await query<RoutingRuleRow>(`SELECT * FROM content_routing ${ORDER} LIMIT $1 OFFSET $2`, [limit, offset]);
  const [{ n }] = await query<{ n: number }>('SELECT count(*)::int AS n FROM content_routing');
  return { rows, total: n };
}

export async function listEnabledRoutingRuleRows(): Promise<RoutingRuleRow[]> {
  return query<RoutingRuleRow>(`SELECT * FROM content_routing WHERE enabled ${ORDER}`);
}

export async function findRoutingRuleRow(id: string): Promise<RoutingRuleRow | undefined> {
  const [row] = await query<RoutingRuleRow>('SELECT * FROM content_routing WHERE id = $1', [id]);
  return row;
}

export interface RoutingRuleFields {
  name: string | null;
  contentId: string | null;
  contentSource: string;
  routingType: string;
  priority: number;
  match: Record<string, unknown>;
  routingConfig: Record<string, unknown>;
  enabled: boolean;
}

export async function insertRoutingRule(f: RoutingRuleFields): Promise<RoutingRuleRow> {
  const [row] = await query<RoutingRuleRow>(
    `INSERT INTO content_routing (name, content_id, content_source, routing_type, priority, match, routing_config, enabled)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8) RETURNING *`,
    [f.name, f.contentId, f.contentSource, f.routingType, f.priority, JSON.stringify(f.match), JSON.stringify(f.routingConfig), f.enabled],
  );
  return row;
}

/** Replaces every field (the service merges a PATCH onto the stored rule first). */
export async function updateRoutingRuleRow(id: string, f: RoutingRuleFields): Promise<RoutingRuleRow | undefined> {
  const [row] = await query<RoutingRuleRow>(
    `UPDATE content_routing SET name = $2, content_id = $3, content_source = $4, routing_type = $5, priority = $6,
       match = $7::jsonb, routing_config = $8::jsonb, enabled = $9, updated_at = now()
     WHERE id = $1 RETURNING *`,
    [id, f.name, f.contentId, f.contentSource, f.routingType, f.priority, JSON.stringify(f.match), JSON.stringify(f.routingConfig), f.enabled],
  );
  return row;
}

export async function deleteRoutingRuleRow(id: string): Promise<boolean> {
  const rows = await query('DELETE FROM content_routing WHERE id = $1 RETURNING id', [id]);
  return rows.length > 0;
}

/** Anything a player can open by public id, in one shape, with what rules match on. */
export interface RoutableItemRow {
  source: 'upstream' | 'local';
  kind: 'live' | 'movie' | 'series' | 'episode';
  public_id: number;
  name: string;
  upstream_server_id: string | null;
  upstream_updated_at: Date | null;
  /** The upstream's own id (stream id or episode id). */
  upstream_stream_id: string | null;
  container_extension: string | null;
  stream_url: string | null;
  category: string | null;
  epg_channel_id: string | null;
  tmdb_id: string | null;
  release_year: number | null;
  /** Episodes: the series they belong to. */
  series_public_id: number | null;
  series_name: string | null;
  /** Live: the provider keeps an archive of the channel (catch-up). */
  tv_archive: boolean;
}

/**
 * One query over the four places a public id can live, each by its unique public_id index: synced
 * items (not removed, upstream active), upstream episodes, local movies and series, local episodes.
 */
export async function findRoutableItem(publicId: number): Promise<RoutableItemRow | undefined> {
  const [row] = await query<RoutableItemRow>(
    `SELECT 'upstream'::text AS source, CASE s.stream_type WHEN 'vod' THEN 'movie' ELSE s.stream_type::text END AS kind,
            s.public_id, s.name::text AS name, s.upstream_server_id, u.updated_at AS upstream_updated_at,
            s.stream_id::text AS upstream_stream_id, s.container_extension::text AS container_extension, NULL::text AS stream_url,
            c.name::text AS category, s.epg_channel_id::text AS epg_channel_id, s.tmdb_id::text AS tmdb_id, s.release_year,
            NULL::bigint AS series_public_id, NULL::text AS series_name, s.tv_archive
       FROM synced_content s
       JOIN upstream_servers u ON u.id = s.upstream_server_id AND u.is_active
       LEFT JOIN categories c ON c.id = s.category_id
      WHERE s.public_id = $1 AND s.removed_at IS NULL
     UNION ALL
     SELECT 'upstream', 'episode', e.public_id, coalesce(nullif(e.title, ''), s.name), e.upstream_server_id, u.updated_at,
            e.episode_id, e.container_extension, NULL, c.name, NULL, NULL, NULL, e.series_public_id, s.name, false
       FROM series_episodes e
       JOIN upstream_servers u ON u.id = e.upstream_server_id AND u.is_active
       LEFT JOIN synced_content s ON s.public_id = e.series_public_id
       LEFT JOIN categories c ON c.id = s.category_id
      WHERE e.public_id = $1 AND s.removed_at IS NULL
     UNION ALL
     SELECT 'local', l.content_type, l.public_id, l.title, NULL, NULL, NULL, l.container_extension, l.stream_url, c.name,
            NULL, NULL, l.release_year, NULL, NULL, false
       FROM local_content l
       LEFT JOIN categories c ON c.id = l.category_id
      WHERE l.public_id = $1 AND l.is_active
     UNION ALL
     SELECT 'local', 'episode', le.public_id, le.title, NULL, NULL, NULL, le.container_extension, le.stream_url, c.name,
            NULL, NULL, l.release_year, l.public_id, l.title, false
       FROM local_episodes le
       JOIN local_content l ON l.id = le.local_content_id AND l.is_active
       LEFT JOIN categories c ON c.id = l.category_id
      WHERE le.public_id = $1
     LIMIT 1`,
    [publicId],
  );
  return row;
}

export interface CopyRow {
  public_id: number;
  upstream_server_id: string;
  upstream_updated_at: Date;
  upstream_stream_id: string;
  container_extension: string | null;
  tv_archive: boolean;
}

/**
 * Copies of a channel or movie on other active upstreams, one per upstream (the best match: same
 * guide or TMDB id before same name, then the lowest public id). Live: same non-empty epg_channel_id,
 * or the same routing_match_name where either side has no guide id. Movies: same non-empty tmdb_id,
 * or the same routing_match_name and release year where either side has no TMDB id.
 */
export async function findCopiesOnOtherUpstreams(item: {
  kind: 'live' | 'movie';
  upstreamId: string;
  name: string;
  epgChannelId: string | null;
  tmdbId: string | null;
  releaseYear: number | null;
}): Promise<CopyRow[]> {
  const live = item.kind === 'live';
  const key = (live ? item.epgChannelId : item.tmdbId)?.trim() || null;
  const keyColumn = live ? 's.epg_channel_id' : 's.tmdb_id';
  const sameYear = live ? '' : 'AND s.release_year IS NOT DISTINCT FROM $5';
  return query<CopyRow>(
    `SELECT DISTINCT ON (s.upstream_server_id)
            s.public_id, s.upstream_server_id, u.updated_at AS upstream_updated_at, s.stream_id::text AS upstream_stream_id,
            s.container_extension::text AS container_extension, s.tv_archive
       FROM synced_content s
       JOIN upstream_servers u ON u.id = s.upstream_server_id AND u.is_active
      WHERE s.stream_type = $1 AND s.removed_at IS NULL AND s.upstream_server_id <> $2
        AND (($3::text IS NOT NULL AND ${keyColumn} = $3)
          OR (routing_match_name(s.name) = routing_match_name($4) ${sameYear}
              AND ($3::text IS NULL OR coalesce(${keyColumn}, '') = '')))
      ORDER BY s.upstream_server_id, ($3::text IS NOT NULL AND ${keyColumn} = $3) DESC, s.public_id`,
    live ? ['live', item.upstreamId, key, item.name] : ['vod', item.upstreamId, key, item.name, item.releaseYear],
  );
}

/** Every active upstream, for the router's in-memory table of clients. */
export async function listActiveUpstreamRows(): Promise<UpstreamRow[]> {
  return query<UpstreamRow>('SELECT * FROM upstream_servers WHERE is_active');
}

/** An M3U entry's stream: its sealed URL and the headers the playlist asked for. */
export async function playlistEntrySource(publicId: number): Promise<{ src: string | null; headers: Record<string, string> | null } | undefined> {
  const [row] = await query<{ src: string | null; headers: Record<string, string> | null }>(
    `SELECT metadata->>'src' AS src, metadata->'headers' AS headers FROM synced_content WHERE public_id = $1`,
    [publicId],
  );
  return row;
}
