import { query } from '../client';

export interface PlaylistEntryRow {
  public_id: number;
  name: string;
  icon: string | null;
  category_id: number | null;
  epg_channel_id: string | null;
  container_extension: string | null;
  tv_archive: boolean;
  tv_archive_duration: number;
}

/** One page of a kind's servable items after `afterId`, by public id (keyset pagination). */
export async function playlistPage(kind: 'live' | 'vod', afterId: number, limit: number): Promise<PlaylistEntryRow[]> {
  const local = kind === 'vod'
    ? `UNION ALL SELECT l.public_id, l.title, l.poster_url, l.category_id, NULL, l.container_extension, false, 0
         FROM local_content l WHERE l.is_active AND l.content_type = 'movie' AND l.public_id > $2`
    : '';
  return query<PlaylistEntryRow>(
    `SELECT * FROM (
       SELECT s.public_id, s.name, s.stream_icon AS icon, s.category_id, s.epg_channel_id, s.container_extension, s.tv_archive, s.tv_archive_duration
         FROM synced_content s JOIN upstream_servers u ON u.id = s.upstream_server_id
        WHERE s.stream_type = $1 AND s.removed_at IS NULL AND u.is_active AND s.public_id > $2
       ${local}
     ) e ORDER BY public_id LIMIT $3`,
    [kind, afterId, limit],
  );
}

export interface PlaylistEpisodeRow {
  public_id: number;
  series_name: string;
  series_icon: string | null;
  category_id: number | null;
  season: number;
  episode: number;
  title: string;
  container_extension: string;
}

/** Episodes players can open without asking first: local series, and upstream series already fetched. */
export async function playlistEpisodesPage(afterId: number, limit: number): Promise<PlaylistEpisodeRow[]> {
  return query<PlaylistEpisodeRow>(
    `SELECT * FROM (
       SELECT e.public_id, s.name AS series_name, s.stream_icon AS series_icon, s.category_id, e.season, e.episode_num AS episode, e.title, e.container_extension
         FROM series_episodes e
         JOIN synced_content s ON s.public_id = e.series_public_id AND s.removed_at IS NULL
         JOIN upstream_servers u ON u.id = s.upstream_server_id AND u.is_active
        WHERE e.public_id > $1
       UNION ALL
       SELECT e.public_id, l.title, l.poster_url, l.category_id, e.season, e.episode, e.title, e.container_extension
         FROM local_episodes e JOIN local_content l ON l.id = e.local_content_id AND l.is_active
        WHERE e.public_id > $1
     ) x ORDER BY public_id LIMIT $2`,
    [afterId, limit],
  );
}

export interface GuideChannelRow {
  epg_channel_id: string;
  name: string;
  icon: string | null;
}

/** One XMLTV channel per guide id used by a servable live channel. */
export async function guideChannels(): Promise<GuideChannelRow[]> {
  return query<GuideChannelRow>(
    `SELECT DISTINCT ON (s.epg_channel_id) s.epg_channel_id, s.name, s.stream_icon AS icon
       FROM synced_content s JOIN upstream_servers u ON u.id = s.upstream_server_id
      WHERE s.stream_type = 'live' AND s.removed_at IS NULL AND u.is_active AND s.epg_channel_id IS NOT NULL AND s.epg_channel_id <> ''
      ORDER BY s.epg_channel_id, u.priority DESC, s.public_id`,
  );
}
