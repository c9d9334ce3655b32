import { query, transaction } from '../client';

export interface SyncedItem {
  public_id: number;
  upstream_server_id: string;
  stream_type: 'live' | 'vod' | 'series';
  stream_id: string;
  name: string;
  stream_icon: string | null;
  category_id: number | null;
  epg_channel_id: string | null;
  container_extension: string | null;
  rating: number | null;
  release_year: number | null;
  tmdb_id: string | null;
  added_at: Date | null;
  metadata: Record<string, unknown>;
  info: Record<string, unknown> | null;
  info_fetched_at: Date | null;
  /** Series: the last_modified its stored episodes belong to. */
  episodes_last_modified: Date | null;
}

/** A synced item players may open: not removed, its upstream active. */
export async function findServableSynced(publicId: number, type?: 'live' | 'vod' | 'series'): Promise<SyncedItem | undefined> {
  const [row] = await query<SyncedItem>(
    `SELECT s.* FROM synced_content s JOIN upstream_servers u ON u.id = s.upstream_server_id
      WHERE s.public_id = $1 AND s.removed_at IS NULL AND u.is_active ${type ? 'AND s.stream_type = $2' : ''}`,
    type ? [publicId, type] : [publicId],
  );
  return row;
}

export async function storeItemInfo(publicId: number, info: Record<string, unknown>): Promise<void> {
  await query('UPDATE synced_content SET info = $2::jsonb, info_fetched_at = now() WHERE public_id = $1', [publicId, JSON.stringify(info)]);
}

export interface LocalItem {
  id: string;
  public_id: number;
  title: string;
  description: string | null;
  content_type: 'movie' | 'series';
  poster_url: string | null;
  stream_url: string;
  genre: string[];
  release_year: number | null;
  rating: number | null;
  container_extension: string;
  category_id: number | null;
  created_at: Date;
  updated_at: Date;
}

export async function findServableLocal(publicId: number, type?: 'movie' | 'series'): Promise<LocalItem | undefined> {
  const [row] = await query<LocalItem>(
    `SELECT * FROM local_content WHERE public_id = $1 AND is_active ${type ? 'AND content_type = $2' : ''}`,
    type ? [publicId, type] : [publicId],
  );
  return row;
}

export interface EpisodeRow {
  public_id: number;
  season: number;
  episode_num: number;
  title: string;
  container_extension: string;
  info: Record<string, unknown>;
  added_at: Date | null;
  fetched_at: Date;
}

export async function listSeriesEpisodes(seriesPublicId: number): Promise<EpisodeRow[]> {
  return query<EpisodeRow>(
    `SELECT public_id, season, episode_num, title, container_extension, info, added_at, fetched_at
       FROM series_episodes WHERE series_public_id = $1 ORDER BY season, episode_num, public_id`,
    [seriesPublicId],
  );
}

export interface EpisodeInput {
  episodeId: string;
  season: number;
  episodeNum: number;
  title: string;
  containerExtension: string;
  info: string;
  addedAt: string | null;
}

/** Stores a series' episodes as fetched from its upstream, each with its own public id. */
export async function replaceSeriesEpisodes(upstreamId: string, seriesPublicId: number, episodes: EpisodeInput[]): Promise<void> {
  const col = <K extends keyof EpisodeInput>(k: K) => episodes.map((e) => e[k]);
  await transaction(async () => {
    if (episodes.length) {
      await query(
        `INSERT INTO public_ids (upstream_server_id, item_type, upstream_item_id)
         SELECT $1, 'episode', id FROM unnest($2::text[]) AS t(id) ON CONFLICT DO NOTHING`,
        [upstreamId, col('episodeId')],
      );
      await query(
        `INSERT INTO series_episodes (upstream_server_id, series_public_id, episode_id, public_id, season, episode_num, title,
           container_extension, info, added_at, fetched_at)
         SELECT $1, $2, t.id, p.public_id, t.season, t.num, t.title, t.ext, t.info::jsonb, t.added::timestamptz, now()
           FROM unnest($3::text[], $4::int[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[])
                AS t(id, season, num, title, ext, info, added)
           JOIN public_ids p ON p.upstream_server_id = $1 AND p.item_type = 'episode' AND p.upstream_item_id = t.id
         ON CONFLICT (upstream_server_id, episode_id) DO UPDATE SET series_public_id = EXCLUDED.series_public_id,
           season = EXCLUDED.season, episode_num = EXCLUDED.episode_num, title = EXCLUDED.title,
           container_extension = EXCLUDED.container_extension, info = EXCLUDED.info, added_at = EXCLUDED.added_at,
           fetched_at = now()`,
        [upstreamId, seriesPublicId, col('episodeId'), col('season'), col('episodeNum'), col('title'), col('containerExtension'), col('info'), col('addedAt')],
      );
    }
    await query(
      `DELETE FROM series_episodes WHERE series_public_id = $1 AND NOT (episode_id = ANY($2::text[]))`,
      [seriesPublicId, col('episodeId')],
    );
  });
}

export interface LocalEpisodeRow {
  id: string;
  public_id: number;
  season: number;
  episode: number;
  title: string;
  description: string | null;
  stream_url: string;
  container_extension: string;
  created_at: Date;
}

export async function listLocalEpisodes(localContentId: string): Promise<LocalEpisodeRow[]> {
  return query<LocalEpisodeRow>(
    `SELECT id, public_id, season, episode, title, description, stream_url, container_extension, created_at
       FROM local_episodes WHERE local_content_id = $1 ORDER BY season, episode`,
    [localContentId],
  );
}

/** The series (its public id) an episode belongs to, upstream or local; undefined for an unknown episode. */
export async function seriesOfEpisode(episodePublicId: number): Promise<number | undefined> {
  const [row] = await query<{ series: number }>(
    `SELECT series_public_id AS series FROM series_episodes WHERE public_id = $1
     UNION ALL
     SELECT l.public_id FROM local_episodes e JOIN local_content l ON l.id = e.local_content_id WHERE e.public_id = $1`,
    [episodePublicId],
  );
  return row === undefined ? undefined : Number(row.series);
}
