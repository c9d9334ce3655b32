import { countUpstreamEpisodes, seriesNeedingEpisodes } from '@/db/queries/series-episodes';
import { fetchSeriesEpisodes } from '@/lib/catalog/series-episodes';
import { logger } from '@/lib/monitor/logger';
import { isUpstreamError, type UpstreamClient } from '@/lib/upstream';

/** Series info requests in flight at once; the client's token bucket still paces them (5/s). */
export const EPISODE_CONCURRENCY = 4;
/** After this many failures in a row the provider is refusing us (ban, outage): stop asking. */
const GIVE_UP_AFTER = 20;

export interface EpisodesPhaseResult {
  /** Series whose episodes were fetched this run (changed or never fetched). */
  fetched: number;
  /** Of those, failed or answered empty while episodes were stored (their stored episodes are kept). */
  failed: number;
  /** Episodes stored for the upstream's servable series after the phase. */
  episodes: number;
  /** For the job's error when the run should count as partial, else null. */
  error: string | null;
}

/**
 * The sync's episode phase: `get_series_info` for every series of the upstream whose `last_modified`
 * changed since its episodes were stored, or that was never fetched, so `get.php` lists every episode
 * from the first sync. A failed fetch keeps that series' stored episodes and leaves it due for the next
 * run. The run counts as partial only when at least a tenth of the fetches failed (or the provider made
 * us stop): a provider with a few broken series (listed, but no info) would otherwise mark every sync
 * partial, and those series are retried next time anyway.
 */
export async function syncEpisodes(
  client: UpstreamClient,
  upstreamId: string,
  onProgress: (done: number, total: number) => Promise<void>,
): Promise<EpisodesPhaseResult> {
  const due = await seriesNeedingEpisodes(upstreamId);
  let next = 0;
  let done = 0;
  let failed = 0;
  let failedInARow = 0;
  let lastError = '';
  let stoppedByRun = false; // onProgress threw (the run was stopped): the other workers stop too
  await onProgress(0, due.length);
  const worker = async () => {
    while (next < due.length && failedInARow < GIVE_UP_AFTER && !stoppedByRun) {
      const series = due[next++];
      try {
        const r = await fetchSeriesEpisodes(client, { ...series, upstream_server_id: upstreamId });
        if (r.kept) {
          failed += 1;
          lastError = 'the provider answered a series without episodes; kept the stored ones';
        }
        failedInARow = 0;
      } catch (err) {
        failed += 1;
        failedInARow += 1;
        lastError = isUpstreamError(err) ? err.message : 'internal error while storing episodes (see the server log)';
        if (!isUpstreamError(err)) logger.error({ err, upstreamId, seriesId: series.public_id }, 'storing episodes failed');
      }
      done += 1;
      try {
        await onProgress(done, due.length);
      } catch (err) {
        stoppedByRun = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(EPISODE_CONCURRENCY, due.length) }, worker));
  const stopped = done < due.length;
  const partial = stopped || (failed > 0 && failed * 10 >= due.length);
  const error = partial
    ? `episodes: ${failed} of ${due.length} series failed${stopped ? `, stopped after ${GIVE_UP_AFTER} failures in a row` : ''} (${lastError}); their stored episodes were kept`
    : null;
  return { fetched: due.length, failed, episodes: await countUpstreamEpisodes(upstreamId), error };
}
