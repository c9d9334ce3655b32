import { query } from '../client';

export interface PlaylistEpisodeRow {
  public_id: number;
  series_public_id: number;
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
       SELECT e.public_id, s.public_id AS series_public_id, s.name AS series_name, s.stream_icon AS series_icon, s.category_id, e.season, e.episode_num AS episode, e.title, e.container_extension
         FROM series_episodes e
         JOIN synced_content s ON s.public_id = e.series_public_id AND s.removed_at IS NULL
         JOIN upstream_servers u ON u.id = s.upstream_server_id AND u.is_active
        WHERE e.public_id > $1
       UNION ALL
       SELECT e.public_id, l.public_id, l.title, l.poster_url, l.category_id, e.season, e.episode, e.title, e.container_extension
         FROM local_episodes e JOIN local_content l ON l.id = e.local_content_id AND l.is_active
        WHERE e.public_id > $1
     ) x ORDER BY public_id LIMIT $2`,
    [afterId, limit],
  );
}
