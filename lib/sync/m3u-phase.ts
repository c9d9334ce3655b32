import crypto from 'node:crypto';
import * as catalog from '@/db/queries/catalog-sync';
import type { UpstreamRow } from '@/db/queries/upstream-servers';
import { decryptSecret, encryptSecret } from '@/lib/crypto/secret-box';
import { guideBytes } from '@/lib/epg/guide-bytes';
import { UpstreamError } from '@/lib/upstream';
import { mapNetworkError } from '@/lib/upstream/http';
import { M3uSyntaxError, readM3u, videoExtensionOf, type M3uEntry } from '@/lib/upstream/m3u-parser';
import { openUrlSource, urlSecrets } from '@/lib/upstream/url-source';

const BATCH = 1000;
/** A playlist larger than this (as downloaded) is refused. */
const MAX_PLAYLIST_BYTES = 512 * 1024 * 1024;
type PlaylistType = 'live' | 'vod';
const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);
const sha1 = (s: string) => crypto.createHash('sha1').update(s).digest('hex');

export interface PlaylistSyncContext {
  guard: { check(): void; signal: AbortSignal };
  /** Items each type held before this run: an empty playlist never replaces them. */
  previous: Record<PlaylistType, number>;
  progress(phase: string, eachBatch?: boolean): Promise<void>;
  /** Written rows, for the job's done counter and the counts. */
  written(type: PlaylistType, rows: number, added: number, updated: number): void;
}

export interface PlaylistSyncResult {
  counts: Record<PlaylistType, number>;
  categories: number;
  removed: number;
  /** Rows added, updated or removed (whether lists must be rebuilt). */
  changed: number;
}

/**
 * The stable upstream id of an entry: its `tvg-id` with its name when it has one, else its URL without
 * the query (providers rotate the tokens they put there). Hashed: URLs often carry credentials.
 */
export function entryKey(entry: M3uEntry): string {
  const tvgId = entry.attrs['tvg-id']?.trim();
  return tvgId ? `i${sha1(`${tvgId}\n${entry.name}`).slice(0, 32)}` : `u${sha1(entry.url.replace(/[?#].*$/, '')).slice(0, 32)}`;
}

/** An entry's row before its URL is sealed: its hash tells whether the stored row is the same. */
interface DraftRow {
  row: Omit<catalog.SyncedRowInput, 'metadata'>;
  kept: Record<string, unknown>;
}

/** An entry as a synced row, without its metadata (sealed only when the row is written: `sealed`). */
function draftOf(entry: M3uEntry, type: PlaylistType, categoryId: string | null, num: number): DraftRow {
  const a = entry.attrs;
  const base = {
    streamId: entryKey(entry),
    name: cut(entry.name, 500),
    icon: a['tvg-logo'] || null,
    upstreamCategoryId: categoryId,
    epgChannelId: type === 'live' && a['tvg-id'] ? cut(a['tvg-id'], 255) : null,
    containerExtension: type === 'vod' ? videoExtensionOf(entry.url) : null,
    tvArchive: false,
    tvArchiveDuration: 0,
    rating: null,
    year: null,
    tmdbId: null,
    addedAt: null,
  };
  const chno = Number(a['tvg-chno']);
  const kept = {
    num,
    chno: Number.isSafeInteger(chno) && chno > 0 ? chno : null,
    tvgName: a['tvg-name'] || null,
    catchup: a.catchup || null,
    catchupDays: a['catchup-days'] || null,
    catchupSource: a['catchup-source'] || null,
    headers: entry.headers,
  };
  return { row: { ...base, hash: sha1(JSON.stringify([base, kept, entry.url])) }, kept };
}

/** The row as written: the URL sealed in its metadata (it is the stream's address and may hold credentials). */
function sealed(draft: DraftRow, url: string): catalog.SyncedRowInput {
  return { ...draft.row, metadata: JSON.stringify({ ...draft.kept, src: encryptSecret(url) }) };
}

/**
 * One sync of an M3U upstream: the playlist (plain or gzip) streamed, entries written in batches as
 * live channels or (a video file URL) movies, categories from `group-title`. A failed, unreadable or
 * empty fetch throws and leaves the catalog as it was; only a complete fetch marks missing items removed.
 * An entry whose stored row has the same hash (and category) is counted but never sent to the database,
 * as for Xtream lists (lib/sync/run-sync.ts): an unchanged playlist's re-sync writes nothing.
 */
export async function syncPlaylist(row: UpstreamRow, ctx: PlaylistSyncContext): Promise<PlaylistSyncResult> {
  if (!row.playlist_url_encrypted) throw new UpstreamError('invalid_response', 'This M3U upstream has no playlist URL');
  const url = decryptSecret(row.playlist_url_encrypted);
  const secrets = urlSecrets(url);
  const result: PlaylistSyncResult = { counts: { live: 0, vod: 0 }, categories: 0, removed: 0, changed: 0 };
  const seen = { live: new Set<string>(), vod: new Set<string>() };
  const categories = { live: new Map<string, string>(), vod: new Map<string, string>() }; // group → category id
  const batches: Record<PlaylistType, catalog.SyncedRowInput[]> = { live: [], vod: [] };
  let inFlight: Promise<void> = Promise.resolve();

  const flush = async (type: PlaylistType) => {
    const rows = batches[type];
    batches[type] = [];
    if (rows.length === 0) return;
    await inFlight;
    inFlight = (async () => {
      ctx.guard.check();
      const r = await catalog.upsertSyncedBatch(row.id, type, rows);
      result.changed += r.added + r.updated;
      ctx.written(type, rows.length, r.added, r.updated);
      await ctx.progress('playlist', true);
    })();
    inFlight.catch(() => undefined);
  };
  const categoryOf = async (type: PlaylistType, group: string | null): Promise<string | null> => {
    if (!group) return null;
    const known = categories[type].get(group);
    if (known) return known;
    const id = `g${sha1(group).slice(0, 24)}`;
    categories[type].set(group, id);
    result.changed += await catalog.upsertCategories(row.id, type, [{ id, name: cut(group, 255), parentId: 0, order: categories[type].size - 1 }]);
    return id;
  };

  await ctx.progress('playlist');
  const stored = { live: await catalog.storedRows(row.id, 'live'), vod: await catalog.storedRows(row.id, 'vod') };
  let skipped = 0;
  const opened = await openUrlSource(url, {
    timeoutMs: Math.max(1, Math.round(row.timeout_seconds * 1000)),
    userAgent: row.user_agent,
    rateKey: row.id,
    maxBytes: MAX_PLAYLIST_BYTES,
    signal: ctx.guard.signal,
  });
  try {
    for await (const entry of readM3u(guideBytes(opened.body))) {
      const type: PlaylistType = videoExtensionOf(entry.url) ? 'vod' : 'live';
      const draft = draftOf(entry, type, await categoryOf(type, entry.group), seen[type].size + 1);
      const id = draft.row.streamId;
      if (seen[type].has(id)) continue; // a repeated entry: the first wins
      seen[type].add(id);
      if (stored[type].get(id) === catalog.hashKey(draft.row.hash)) {
        ctx.written(type, 1, 0, 0);
        if (++skipped % BATCH === 0) await ctx.progress('playlist', true);
        continue;
      }
      batches[type].push(sealed(draft, entry.url));
      if (batches[type].length >= BATCH) await flush(type);
    }
    await flush('live');
    await flush('vod');
    await inFlight;
  } catch (err) {
    await inFlight.catch(() => undefined);
    ctx.guard.check();
    if (err instanceof M3uSyntaxError) throw new UpstreamError('invalid_response', `The playlist could not be read: ${err.message}`);
    if (err instanceof UpstreamError) throw err;
    if (err instanceof Error && err.name === 'AbortError') throw err;
    const mapped = mapNetworkError(err, secrets);
    throw new UpstreamError(mapped.code, `${mapped.message} (while reading the playlist)`);
  } finally {
    opened.close();
  }

  const total = seen.live.size + seen.vod.size;
  const held = ctx.previous.live + ctx.previous.vod;
  if (total === 0 && held > 0) throw new UpstreamError('empty', `The playlist is empty; kept the previous ${held} items`);
  for (const type of ['live', 'vod'] as const) {
    result.counts[type] = seen[type].size;
    result.categories += categories[type].size;
    result.changed += await catalog.markCategoriesRemoved(row.id, type, [...categories[type].values()]);
    const removed = await catalog.markItemsRemoved(row.id, type, seen[type], stored[type].keys());
    result.removed += removed;
    result.changed += removed;
  }
  return result;
}
