import * as catalog from '@/db/queries/catalog-sync';
import * as jobs from '@/db/queries/sync-jobs';
import * as upstreams from '@/db/queries/upstream-servers';
import { bumpCatalogVersion } from '@/lib/catalog-version/version';
import { logger } from '@/lib/monitor/logger';
import { publishEvent } from '@/lib/monitor/events';
import { isUpstreamError, type CatalogType, type UpstreamClient } from '@/lib/upstream';
import { clientFor } from '@/lib/upstream/server-service';
import { refreshUpstreamGuide } from '@/lib/epg/sources';
import { autoMatch } from '@/lib/epg/auto-match';
import { countProgrammes } from '@/db/queries/epg';
import { countUpstreamEpisodes } from '@/db/queries/series-episodes';
import { getSettings } from '@/lib/settings';
import { syncEpisodes } from './episodes-phase';
import { syncPlaylist } from './m3u-phase';
import { liveRow, movieRow, seriesRow } from './rows';
import { CLOSED_ELSEWHERE, finishJobGuarded, SyncGuard, SyncStopped } from './run-guard';

const BATCH = 1000;
const PROGRESS_MS = 500;
const RETENTION_DAYS = 30;
const TYPES: CatalogType[] = ['live', 'vod', 'series'];
const toRow = { live: liveRow, vod: movieRow, series: seriesRow } as const;

export interface SyncCounts {
  live: number;
  vod: number;
  series: number;
  categories: number;
  added: number;
  updated: number;
  removed: number;
  /** Guide programmes stored for this upstream by the last successful guide fetch. */
  programmes: number;
  /** Episodes stored for this upstream's series after the episode phase. */
  episodes: number;
  /** 1 when the upstream's guide was the one stored last time (kept as it was, not stored again). */
  guideUnchanged: number;
}

/**
 * One sync run of one upstream: account, then per type categories and the streamed list in batches.
 * A type whose fetch fails, or that comes back empty while we hold items, keeps its previous data;
 * only a complete, non-empty fetch marks missing items removed. The guard is checked at every batch
 * boundary: a lost lock or a shutdown ends the run there, as `failed` with the reason.
 */
export async function runSync(jobId: string, upstreamId: string, guard = new SyncGuard()): Promise<void> {
  try {
    await syncUpstream(jobId, upstreamId, guard);
  } catch (err) {
    if (!(err instanceof SyncStopped)) throw err;
    // Batches written before the stop may have changed the catalog: lists are rebuilt either way.
    await bumpCatalogVersion().catch(() => undefined);
    const written = await finishJobGuarded(jobId, { status: 'failed', counts: {}, error: err.message, done: 0 }).catch(() => false);
    if (written) await upstreams.recordSyncOutcome(upstreamId, { status: 'failed', error: err.message, success: false }).catch(() => undefined);
    publishEvent({ type: 'sync', jobId, upstreamId, phase: 'done', status: 'failed', done: 0, total: 0 });
    logger.warn({ upstreamId, jobId, reason: err.message, statusWritten: written }, 'sync stopped');
  }
}

async function syncUpstream(jobId: string, upstreamId: string, guard: SyncGuard): Promise<void> {
  const counts: SyncCounts = { live: 0, vod: 0, series: 0, categories: 0, added: 0, updated: 0, removed: 0, programmes: 0, episodes: 0, guideUnchanged: 0 };
  const errors: string[] = [];
  let done = 0;
  let changed = 0;
  const row = await upstreams.findUpstream(upstreamId);
  if (!row) return void (await jobs.finishJob(jobId, { status: 'failed', counts: { ...counts }, error: 'upstream was deleted', done }));
  const previous = await Promise.all(TYPES.map((t) => catalog.countLiveItems(upstreamId, t)));
  const total = previous.reduce((a, b) => a + b, 0);
  if (!(await jobs.markJobRunning(jobId, total))) throw new SyncStopped(CLOSED_ELSEWHERE);
  // The job row is what a reload or another replica sees: written at each phase and at most every
  // PROGRESS_MS in between (a 100k sync has 130 batches); the event bus gets every batch.
  let progressWrittenAt = 0;
  const progress = async (phase: string, eachBatch = false) => {
    guard.check();
    if (!eachBatch || performance.now() - progressWrittenAt >= PROGRESS_MS) {
      progressWrittenAt = performance.now();
      if (!(await jobs.updateJobProgress(jobId, { phase, done, total: Math.max(total, done), counts: { ...counts } }))) throw new SyncStopped(CLOSED_ELSEWHERE);
    }
    publishEvent({ type: 'sync', jobId, upstreamId, phase, done, total: Math.max(total, done) });
  };

  const failRun = async (err: unknown) => {
    guard.check();
    const message = describe(err);
    if (!(await jobs.finishJob(jobId, { status: 'failed', counts: { ...counts }, error: message, done }))) return;
    await upstreams.recordSyncOutcome(upstreamId, { status: 'failed', error: message, success: false });
    publishEvent({ type: 'sync', jobId, upstreamId, phase: 'done', status: 'failed', done, total });
  };

  let catalogFailed = false;
  if (row.kind === 'm3u') {
    // One playlist instead of a login and three lists; a failed or empty fetch keeps everything.
    try {
      const playlist = await syncPlaylist(row, {
        guard,
        previous: { live: previous[0], vod: previous[1] },
        progress,
        written: (_type, rows, added, updated) => {
          done += rows;
          counts.added += added;
          counts.updated += updated;
        },
      });
      counts.live = playlist.counts.live;
      counts.vod = playlist.counts.vod;
      counts.categories = playlist.categories;
      counts.removed = playlist.removed;
      changed += playlist.changed;
    } catch (err) {
      if (changed > 0 || done > 0) await bumpCatalogVersion().catch(() => undefined);
      return failRun(err);
    }
  } else {
    let client: UpstreamClient;
    try {
      client = clientFor(row);
      const account = await client.login();
      await upstreams.recordUpstreamAccount(upstreamId, {
        expiresAt: account.userInfo.expDate,
        maxConnections: account.userInfo.maxConnections,
        // With the provider's output formats: a TS-only provider's channels are served as HLS by the hub.
        serverInfo: { ...account.serverInfo, allowedOutputFormats: account.userInfo.allowedOutputFormats },
      });
    } catch (err) {
      return failRun(err);
    }

    for (const [i, type] of TYPES.entries()) {
      try {
        await progress(`${type}: categories`);
        const cats = await client.categories(type);
        const unique = [...new Map(cats.map((c, order) => [c.id, { id: c.id, name: c.name.slice(0, 255), parentId: c.parentId, order }])).values()];
        changed += await catalog.upsertCategories(upstreamId, type, unique);
        counts.categories += unique.length;

        await progress(type);
        // Rows stored exactly as the provider sends them again are not sent to the database at all.
        const stored = await catalog.storedRows(upstreamId, type);
        let skipped = 0;
        const seen = new Set<string>();
        let batch: catalog.SyncedRowInput[] = [];
        // One batch is written while the next is parsed: the database and the parser overlap instead of
        // taking turns. Never more than one in flight, so memory stays at two batches.
        let inFlight: Promise<void> = Promise.resolve();
        const write = async (rows: catalog.SyncedRowInput[]) => {
          guard.check();
          const r = await catalog.upsertSyncedBatch(upstreamId, type, rows);
          counts.added += r.added;
          counts.updated += r.updated;
          changed += r.added + r.updated;
          done += rows.length;
          await progress(type, true);
        };
        const flush = async () => {
          const rows = batch;
          batch = [];
          await inFlight; // the previous batch's error, if any, surfaces here
          inFlight = write(rows);
          inFlight.catch(() => undefined); // observed at the next flush or below
        };
        let totals: Awaited<ReturnType<UpstreamClient['streamList']>>;
        try {
          totals = await client.streamList(type, async (item) => {
            const mapped = toRow[type](item as never);
            if (seen.has(mapped.streamId)) return; // providers repeat items; the first wins
            seen.add(mapped.streamId);
            if (stored.get(mapped.streamId) === catalog.hashKey(mapped.hash)) {
              done++;
              if (++skipped % BATCH === 0) await progress(type, true);
              return;
            }
            batch.push(mapped);
            if (batch.length >= BATCH) await flush();
          }, { signal: guard.signal });
          if (batch.length) await flush();
          await inFlight;
        } catch (err) {
          await inFlight.catch(() => undefined); // nothing of this type may still be writing
          throw err;
        }

        if (totals.count === 0 && previous[i] > 0) {
          throw new Error(`the provider answered an empty ${label(type)} list; kept the previous ${previous[i]} items`);
        }
        counts[type] = seen.size;
        if (unique.length > 0) changed += await catalog.markCategoriesRemoved(upstreamId, type, unique.map((c) => c.id));
        const removed = await catalog.markItemsRemoved(upstreamId, type, seen, stored.keys());
        counts.removed += removed;
        changed += removed;
      } catch (err) {
        guard.check(); // a stop is not a failed type: it ends the run
        errors.push(`${label(type)}: ${describe(err)}`);
        counts[type] = await catalog.countLiveItems(upstreamId, type);
      }
    }
    catalogFailed = errors.length === TYPES.length;
    // Episodes of new and changed series, so get.php lists them without a get_series_info first; with
    // `seriesEpisodes: on_demand` they are left to get_series_info (lib/catalog/series-info.ts).
    if ((await getSettings()).seriesEpisodes === 'sync') {
      const episodes = await syncEpisodes(client, upstreamId, (n, of) => progress(`episodes ${n}/${of}`, n > 0 && n < of));
      counts.episodes = episodes.episodes;
      if (episodes.error) errors.push(episodes.error);
    } else {
      counts.episodes = await countUpstreamEpisodes(upstreamId);
    }
  }
  // The guide after the catalog (the upstream's own guide source): it keeps the programmes of the
  // channels the live items reference. A failed or empty guide keeps the previous one and makes the
  // run partial, like a failed type. Then every channel is matched to its guide again.
  await progress('guide');
  const guide = await refreshUpstreamGuide(upstreamId, async (step, programmes) => {
    counts.programmes = programmes;
    if (step === 'unchanged') counts.guideUnchanged = 1;
    await progress(step === 'store' ? 'guide: storing' : step === 'unchanged' ? 'guide: unchanged' : 'guide', step === 'download');
  });
  guard.check();
  if (guide.error) errors.push(`guide: ${guide.error}`);
  counts.programmes = guide.result?.programmes ?? (await countProgrammes(upstreamId));
  counts.guideUnchanged = guide.result?.unchanged ? 1 : 0;
  await progress('guide: matching');
  await autoMatch().catch((err) => errors.push(`guide matching: ${describe(err)}`));
  guard.check();
  await catalog.purgeRemovedItems(upstreamId, RETENTION_DAYS).catch(() => 0);
  if (changed > 0) await bumpCatalogVersion();

  const status = errors.length === 0 ? 'succeeded' : catalogFailed ? 'failed' : 'partial';
  const error = errors.length ? errors.join('; ') : null;
  if (!(await jobs.finishJob(jobId, { status, counts: { ...counts }, error, done }))) {
    logger.warn({ upstreamId, jobId, status }, 'sync ended after its job was closed elsewhere; its outcome is not recorded');
    return;
  }
  await upstreams.recordSyncOutcome(upstreamId, { status, error, success: status !== 'failed' });
  publishEvent({ type: 'sync', jobId, upstreamId, phase: 'done', status, done, total: done });
  logger.info({ upstreamId, jobId, status, counts }, 'sync finished');
}

const label = (t: CatalogType) => (t === 'vod' ? 'movies' : t === 'live' ? 'live channels' : 'series');

/** Upstream errors carry messages written for the admin (and already free of credentials). */
function describe(err: unknown): string {
  if (isUpstreamError(err)) return err.message;
  if (err instanceof Error && /^the provider answered/.test(err.message)) return err.message;
  logger.error({ err }, 'sync step failed');
  return 'internal error while storing the catalog (see the server log)';
}
