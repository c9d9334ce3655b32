import * as sources from '@/db/queries/epg-sources';
import * as epg from '@/db/queries/epg';
import * as upstreams from '@/db/queries/upstream-servers';
import { decryptSecret, encryptSecret } from '@/lib/crypto/secret-box';
import { notFound } from '@/lib/errors';
import { logger } from '@/lib/monitor/logger';
import { processState } from '@/lib/state';
import { isUpstreamError } from '@/lib/upstream';
import { clientFor } from '@/lib/upstream/server-service';
import { maskUrl, openUrlSource, urlSecrets } from '@/lib/upstream/url-source';
import { autoMatch } from './auto-match';
import { ingestGuide, type GuideProgress, type GuideResult, type GuideTarget, type PreviousGuide } from './ingest';
import type { CreateSourceInput, EpgSourceView, UpdateSourceInput } from './schemas';

/** A guide larger than this (as downloaded, gzip or not) is refused. */
export const MAX_GUIDE_BYTES = 2 * 1024 * 1024 * 1024;
const URL_TIMEOUT_MS = 60_000;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toSourceView(row: sources.EpgSourceRow): EpgSourceView {
  return {
    id: row.id,
    name: row.name,
    url: row.url_encrypted ? maskUrl(decryptSecret(row.url_encrypted)) : null,
    upstreamId: row.upstream_server_id,
    priority: row.priority,
    enabled: row.enabled,
    refreshHours: row.refresh_hours,
    status: row.status,
    lastRefreshAt: iso(row.last_refresh_at),
    lastSuccessAt: iso(row.last_success_at),
    error: row.error,
    channels: row.channel_count,
    programmes: row.programme_count,
  };
}

export async function listSources(): Promise<{ items: EpgSourceView[] }> {
  return { items: (await sources.listSources()).map(toSourceView) };
}

export async function getSource(id: string): Promise<EpgSourceView> {
  const row = await sources.findSource(id);
  if (!row) throw notFound('guide source');
  return toSourceView(row);
}

/** Adds a source and starts its first refresh in the background. */
export async function createSource(input: CreateSourceInput): Promise<EpgSourceView> {
  const id = await sources.insertSource({ ...input, url: encryptSecret(input.url) });
  startRefresh(id);
  return getSource(id);
}

export async function updateSource(id: string, input: UpdateSourceInput): Promise<EpgSourceView> {
  const row = await sources.findSource(id);
  if (!row) throw notFound('guide source');
  const { url, ...rest } = input;
  // An upstream's own guide has no URL of its own: it follows the upstream.
  const patch = { ...rest, ...(url !== undefined && !row.upstream_server_id ? { url: encryptSecret(url) } : {}) };
  await sources.updateSourceRow(id, patch);
  if (url !== undefined || input.enabled === true) startRefresh(id);
  else if (input.priority !== undefined || input.enabled === false) startMatch();
  return getSource(id);
}

export async function deleteSource(id: string): Promise<void> {
  const row = await sources.findSource(id);
  if (!row || row.upstream_server_id) throw notFound('guide source');
  await sources.deleteSourceRow(id);
  startMatch();
}

// Background work, awaited by tests (settleGuideWork) and by a graceful stop.
const work = processState('guideWork', () => new Set<Promise<unknown>>());
function track(p: Promise<unknown>) {
  const held = p.catch((err) => logger.error({ err }, 'guide work failed'));
  work.add(held);
  void held.finally(() => work.delete(held));
}
export async function settleGuideWork(): Promise<void> {
  while (work.size) await Promise.all([...work]);
}
function startRefresh(id: string) {
  track(refreshSource(id).then((r) => (r.refreshed && !r.result?.unchanged ? autoMatch() : undefined)));
}
function startMatch() {
  track(autoMatch());
}

/** The target of a URL source. */
function urlTarget(row: sources.EpgSourceRow, url: string, archiveDays: number, userAgent: string | null): GuideTarget {
  return {
    owner: { sourceId: row.id, upstreamId: row.upstream_server_id },
    onlyChannels: null,
    archiveDays,
    identity: url,
    previous: previousGuide(row),
    secrets: urlSecrets(url),
    open: (validators) => openUrlSource(url, { timeoutMs: URL_TIMEOUT_MS, userAgent, rateKey: row.upstream_server_id ?? row.id, maxBytes: MAX_GUIDE_BYTES, validators }),
  };
}

/** The source's last complete ingest, as its row records it. */
function previousGuide(row: sources.EpgSourceRow): PreviousGuide | null {
  if (!row.guide_fingerprint || !row.guide_stored_at) return null;
  return {
    fingerprint: row.guide_fingerprint,
    etag: row.guide_etag,
    lastModified: row.guide_last_modified,
    completeUntil: row.guide_complete_until,
    storedAt: row.guide_stored_at,
    channels: row.channel_count,
    programmes: row.programme_count,
  };
}

/** What a source's refresh reads: its URL, or its upstream's own guide (Xtream xmltv.php, or the M3U's guide URL). */
async function targetOf(row: sources.EpgSourceRow): Promise<GuideTarget | null> {
  const archiveDays = await epg.longestArchiveDays();
  if (!row.upstream_server_id) return row.url_encrypted ? urlTarget(row, decryptSecret(row.url_encrypted), archiveDays, null) : null;
  const upstream = await upstreams.findUpstream(row.upstream_server_id);
  if (!upstream) return null;
  if (upstream.kind === 'm3u') return upstream.epg_url ? urlTarget(row, upstream.epg_url, archiveDays, upstream.user_agent) : null;
  const refs = await epg.guideReferencesOf(upstream.id);
  const client = clientFor(upstream);
  return {
    owner: { sourceId: row.id, upstreamId: upstream.id },
    // A provider's guide covers its whole catalogue (and more): only the channels its items reference.
    onlyChannels: refs.channelIds,
    archiveDays: refs.archiveDays,
    identity: client.xmltvUrl(),
    previous: previousGuide(row),
    secrets: client.secrets,
    open: (validators) => client.openGuide(MAX_GUIDE_BYTES, undefined, validators),
  };
}

export interface RefreshOutcome {
  refreshed: boolean;
  result?: GuideResult;
  error?: string;
}

/**
 * Downloads and stores one source's guide. A failed download keeps the previous programmes (the
 * swap happens only after a complete parse); the outcome is written on the source row.
 */
export async function refreshSource(id: string, progress: GuideProgress = async () => undefined): Promise<RefreshOutcome> {
  const row = await sources.findSource(id);
  if (!row) return { refreshed: false, error: 'guide source not found' };
  const target = await targetOf(row);
  if (!target) return { refreshed: false };
  if (!(await sources.claimSourceRefresh(id))) return { refreshed: false, error: 'a refresh of this source is already running' };
  try {
    const result = await ingestGuide(target, progress);
    await sources.recordSourceRefresh(id, { status: 'ok', error: null, success: true, guideKept: result.unchanged });
    return { refreshed: true, result };
  } catch (err) {
    const message = isUpstreamError(err) ? err.message : 'internal error while storing the guide (see the server log)';
    if (!isUpstreamError(err)) logger.error({ err, sourceId: id }, 'guide refresh failed');
    await sources.recordSourceRefresh(id, { status: isUpstreamError(err) && err.code === 'empty' ? 'empty' : 'failed', error: message, success: false });
    return { refreshed: false, error: message };
  }
}

/** An upstream's own guide, refreshed by its sync (after the catalog). */
export async function refreshUpstreamGuide(upstreamId: string, progress: GuideProgress): Promise<RefreshOutcome> {
  const row = await sources.sourceOfUpstream(upstreamId);
  if (!row.enabled) return { refreshed: false };
  return refreshSource(row.id, progress);
}

/** The scheduler's tick: every enabled URL source whose interval has passed, one after another, then one auto-match. */
export async function refreshDueSources(): Promise<number> {
  let refreshed = 0;
  // A guide found unchanged changes no match: it counts as refreshed, not as a reason to match again.
  let changed = 0;
  for (const id of await sources.listSourcesDue()) {
    const outcome = await refreshSource(id);
    if (outcome.refreshed) refreshed += 1;
    if (outcome.refreshed && !outcome.result?.unchanged) changed += 1;
  }
  if (changed > 0) await autoMatch();
  return refreshed;
}
