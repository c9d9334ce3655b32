import { query } from '../client';
import type { LocalEpisodeRow, LocalItem } from './items';

/** A local item as the admin API shows it: the row players are served from, plus what the list needs. */
export interface LocalContentRow extends LocalItem {
  category_name: string | null;
  is_active: boolean;
  episode_count: number;
}

const SELECT_ITEM = `
  SELECT l.id, l.public_id, l.title, l.description, l.content_type, l.poster_url, l.stream_url, l.genre, l.release_year,
         l.rating, l.container_extension, l.category_id, c.name AS category_name, l.is_active, l.created_at, l.updated_at,
         (SELECT count(*)::int FROM local_episodes e WHERE e.local_content_id = l.id) AS episode_count
    FROM local_content l LEFT JOIN categories c ON c.id = l.category_id`;

export async function findLocalContentRow(id: string): Promise<LocalContentRow | undefined> {
  const [row] = await query<LocalContentRow>(`${SELECT_ITEM} WHERE l.id = $1`, [id]);
  return row;
}

/** Newest first; `q` matches anywhere in the title, `%` and `_` taken literally. */
export async function listLocalContentRows(
  limit: number,
  offset: number,
  filter: { type?: 'movie' | 'series'; q?: string },
): Promise<{ rows: LocalContentRow[]; total: number }> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filter.type) {
    params.push(filter.type);
    conditions.push(`l.content_type = $${params.length}`);
  }
  if (filter.q) {
    params.push(filter.q.replace(/[\\%_]/g, '\\$&'));
    conditions.push(`l.title ILIKE '%' || $${params.length} || '%'`);
  }
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const rows = await query<LocalContentRow>(
    `${SELECT_ITEM} ${where} ORDER BY l.created_at DESC, l.public_id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, limit, offset],
  );
  const [{ n }] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM local_content l ${where}`, params);
  return { rows, total: n };
}

export interface LocalContentFields {
  title: string;
  description: string | null;
  contentType: 'movie' | 'series';
  posterUrl: string | null;
  streamUrl: string;
  genre: string[];
  releaseYear: number | null;
  rating: number | null;
  containerExtension: string;
  categoryId: number | null;
  isActive: boolean;
  createdBy: string | null;
}

const CONTENT_COLUMN: Record<keyof LocalContentFields, string> = {
  title: 'title',
  description: 'description',
  contentType: 'content_type',
  posterUrl: 'poster_url',
  streamUrl: 'stream_url',
  genre: 'genre',
  releaseYear: 'release_year',
  rating: 'rating',
  containerExtension: 'container_extension',
  categoryId: 'category_id',
  isActive: 'is_active',
  createdBy: 'created_by',
};

/** The id and public id come from the table's defaults (one sequence, never reused). */
export async function insertLocalContent(f: LocalContentFields): Promise<string> {
  const keys = Object.keys(CONTENT_COLUMN) as (keyof LocalContentFields)[];
  const [row] = await query<{ id: string }>(
    `INSERT INTO local_content (${keys.map((k) => CONTENT_COLUMN[k]).join(', ')})
     VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    keys.map((k) => f[k]),
  );
  return row.id;
}

export async function updateLocalContentRow(id: string, patch: Partial<Omit<LocalContentFields, 'createdBy'>>): Promise<boolean> {
  const keys = (Object.keys(patch) as (keyof typeof patch)[]).filter((k) => patch[k] !== undefined);
  const sets = keys.map((k, i) => `${CONTENT_COLUMN[k]} = $${i + 2}`);
  const rows = await query(
    `UPDATE local_content SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING id`,
    [id, ...keys.map((k) => patch[k])],
  );
  return rows.length > 0;
}

/** Its episodes go with it (ON DELETE CASCADE). */
export async function deleteLocalContentRow(id: string): Promise<boolean> {
  const rows = await query('DELETE FROM local_content WHERE id = $1 RETURNING id', [id]);
  return rows.length > 0;
}

export interface LocalEpisodeAdminRow extends LocalEpisodeRow {
  local_content_id: string;
  updated_at: Date;
}

export async function listLocalEpisodeRows(contentId: string, limit: number, offset: number): Promise<{ rows: LocalEpisodeAdminRow[]; total: number }> {
  const rows = await query<LocalEpisodeAdminRow>(
    `SELECT * FROM local_episodes WHERE local_content_id = $1 ORDER BY season, episode LIMIT $2 OFFSET $3`,
    [contentId, limit, offset],
  );
  const [{ n }] = await query<{ n: number }>('SELECT count(*)::int AS n FROM local_episodes WHERE local_content_id = $1', [contentId]);
  return { rows, total: n };
}

export async function findLocalEpisodeRow(contentId: string, episodeId: string): Promise<LocalEpisodeAdminRow | undefined> {
  const [row] = await query<LocalEpisodeAdminRow>('SELECT * FROM local_episodes WHERE id = $1 AND local_content_id = $2', [episodeId, contentId]);
  return row;
}

export interface LocalEpisodeFields {
  season: number;
  episode: number;
  title: string;
  description: string | null;
  streamUrl: string;
  containerExtension: string;
}

const EPISODE_COLUMN: Record<keyof LocalEpisodeFields, string> = {
  season: 'season',
  episode: 'episode',
  title: 'title',
  description: 'description',
  streamUrl: 'stream_url',
  containerExtension: 'container_extension',
};

/** A second (season, episode) of one series fails on the table's unique constraint (23505). */
export async function insertLocalEpisode(contentId: string, f: LocalEpisodeFields): Promise<LocalEpisodeAdminRow> {
  const keys = Object.keys(EPISODE_COLUMN) as (keyof LocalEpisodeFields)[];
  const [row] = await query<LocalEpisodeAdminRow>(
    `INSERT INTO local_episodes (local_content_id, ${keys.map((k) => EPISODE_COLUMN[k]).join(', ')})
     VALUES ($1, ${keys.map((_, i) => `$${i + 2}`).join(', ')}) RETURNING *`,
    [contentId, ...keys.map((k) => f[k])],
  );
  return row;
}

export async function updateLocalEpisodeRow(
  contentId: string,
  episodeId: string,
  patch: Partial<LocalEpisodeFields>,
): Promise<LocalEpisodeAdminRow | undefined> {
  const keys = (Object.keys(patch) as (keyof LocalEpisodeFields)[]).filter((k) => patch[k] !== undefined);
  const sets = keys.map((k, i) => `${EPISODE_COLUMN[k]} = $${i + 3}`);
  const [row] = await query<LocalEpisodeAdminRow>(
    `UPDATE local_episodes SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 AND local_content_id = $2 RETURNING *`,
    [episodeId, contentId, ...keys.map((k) => patch[k])],
  );
  return row;
}

export async function deleteLocalEpisodeRow(contentId: string, episodeId: string): Promise<boolean> {
  const rows = await query('DELETE FROM local_episodes WHERE id = $1 AND local_content_id = $2 RETURNING id', [episodeId, contentId]);
  return rows.length > 0;
}
