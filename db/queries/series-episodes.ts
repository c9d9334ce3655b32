import { query } from '../client';

export interface SeriesToFetch {
  public_id: number;
  stream_id: string;
  /** The series' last_modified as the list gave it (stored in added_at). */
  added_at: Date | null;
}

/**
 * Servable series of an upstream whose episodes were never stored, or whose last_modified changed
 * since they were: what the sync's episode phase fetches.
 */
export async function seriesNeedingEpisodes(upstreamId: string): Promise<SeriesToFetch[]> {
  return query<SeriesToFetch>(
    `SELECT public_id, stream_id, added_at FROM synced_content
      WHERE upstream_server_id = $1 AND stream_type = 'series' AND removed_at IS NULL
        AND (info_fetched_at IS NULL OR added_at IS DISTINCT FROM episodes_last_modified)
      ORDER BY public_id`,
    [upstreamId],
  );
}

/** Stores a series' info (with its seasons) and records that its episodes are stored as of `lastModified`. */
export async function storeSeriesFetch(seriesPublicId: number, info: Record<string, unknown>, lastModified: Date | null): Promise<void> {
  await query(
    'UPDATE synced_content SET info = $2::jsonb, info_fetched_at = now(), episodes_last_modified = $3 WHERE public_id = $1',
    [seriesPublicId, JSON.stringify(info), lastModified],
  );
}

export async function countStoredEpisodes(seriesPublicId: number): Promise<number> {
  const [row] = await query<{ n: number }>('SELECT count(*)::int AS n FROM series_episodes WHERE series_public_id = $1', [seriesPublicId]);
  return row?.n ?? 0;
}

/** Episodes stored for an upstream's servable series. */
export async function countUpstreamEpisodes(upstreamId: string): Promise<number> {
  const [row] = await query<{ n: number }>(
    `SELECT count(*)::int AS n FROM series_episodes e
       JOIN synced_content s ON s.public_id = e.series_public_id AND s.removed_at IS NULL
      WHERE e.upstream_server_id = $1`,
    [upstreamId],
  );
  return row?.n ?? 0;
}
