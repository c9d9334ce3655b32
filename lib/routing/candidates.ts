import * as q from '@/db/queries/routing';
import { providerStart, type Catchup } from './catchup';
import { defaultUserAgent } from '@/lib/upstream/http';
import { decryptSecret } from '@/lib/crypto/secret-box';
import { maskStreamUrl } from './mask';
import type { RouteSource } from './types';
import { routableUpstream, type RoutableUpstream } from './upstreams';

const LOCAL_TIMEOUT_SECONDS = 30;

interface Candidate {
  publicId: number;
  upstream: RoutableUpstream;
  streamId: string;
  extension: string;
  own: boolean;
  archive: boolean;
}

export interface SourceOptions {
  failover: boolean;
  /** Upstream ids the rule puts first, in this order. */
  upstreamOrder: readonly string[];
  /** Live only: the format the player asked for (ts by default, m3u8 for HLS). */
  liveExtension: string;
  /** Live only: a catch-up window; then only copies with an archive are sources, at their timeshift URLs. */
  catchup?: Catchup;
}

/** The item's own source: its URL as stored. */
export function localSource(item: q.RoutableItemRow): RouteSource[] {
  const url = item.stream_url?.trim();
  if (!url) return [];
  return [{ upstreamId: null, upstreamName: null, publicId: item.public_id, url, maskedUrl: maskStreamUrl(url), timeoutSeconds: LOCAL_TIMEOUT_SECONDS, headers: { 'user-agent': defaultUserAgent }, maxConnections: null }];
}

/**
 * The item on its upstream plus, with failover, its copies on other active upstreams (see
 * findCopiesOnOtherUpstreams for the grouping rule). Order: the rule's upstreamOrder first, then
 * upstream priority (higher first), the item's own upstream first among equals.
 */
export async function upstreamSources(item: q.RoutableItemRow, options: SourceOptions): Promise<RouteSource[]> {
  if (!item.upstream_server_id || item.upstream_stream_id === null) return [];
  const candidates: Candidate[] = [];
  const own = await routableUpstream(item.upstream_server_id, item.upstream_updated_at);
  const extensionOf = (container: string | null, upstream: RoutableUpstream) =>
    item.kind === 'live' ? liveExtensionOn(upstream, options.liveExtension) : container?.trim() || 'mp4';
  if (own) candidates.push({ publicId: item.public_id, upstream: own, streamId: item.upstream_stream_id, extension: extensionOf(item.container_extension, own), own: true, archive: item.tv_archive });

  if (options.failover && (item.kind === 'live' || item.kind === 'movie')) {
    const copies = await q.findCopiesOnOtherUpstreams({
      kind: item.kind,
      upstreamId: item.upstream_server_id,
      name: item.name,
      epgChannelId: item.epg_channel_id,
      tmdbId: item.tmdb_id,
      releaseYear: item.release_year,
    });
    for (const copy of copies) {
      const upstream = await routableUpstream(copy.upstream_server_id, copy.upstream_updated_at);
      if (upstream) candidates.push({ publicId: copy.public_id, upstream, streamId: copy.upstream_stream_id, extension: extensionOf(copy.container_extension, upstream), own: false, archive: copy.tv_archive });
    }
  }

  const rank = new Map(options.upstreamOrder.map((id, i) => [id.toLowerCase(), i]));
  const rankOf = (c: Candidate) => rank.get(c.upstream.row.id.toLowerCase()) ?? Number.MAX_SAFE_INTEGER;
  candidates.sort(
    (a, b) =>
      rankOf(a) - rankOf(b) ||
      b.upstream.row.priority - a.upstream.row.priority ||
      Number(b.own) - Number(a.own) ||
      a.upstream.row.name.localeCompare(b.upstream.row.name) ||
      a.publicId - b.publicId,
  );

  const urlKind = item.kind === 'live' ? 'live' : item.kind === 'movie' ? 'movie' : 'series';
  const catchup = item.kind === 'live' ? options.catchup : undefined;
  const sources: RouteSource[] = [];
  for (const c of candidates) {
    if (catchup && !c.archive) continue;
    const playlist = c.upstream.row.kind === 'm3u' ? await playlistSource(c.publicId) : null;
    if (c.upstream.row.kind === 'm3u' && !playlist) continue;
    const url = playlist
      ? playlist.url
      : catchup
        ? c.upstream.client.timeshiftUrl(c.streamId, providerStart(catchup.start, providerTimeZone(c.upstream)), catchup.durationMinutes, c.extension)
        : c.upstream.client.streamUrl(urlKind, c.streamId, c.extension);
    const userAgent = c.upstream.row.user_agent?.trim() || defaultUserAgent;
    sources.push({
      upstreamId: c.upstream.row.id,
      upstreamName: c.upstream.row.name,
      publicId: c.publicId,
      url,
      maskedUrl: maskStreamUrl(url),
      timeoutSeconds: c.upstream.row.timeout_seconds,
      // An M3U entry's own headers (#EXTVLCOPT, #KODIPROP) win over the upstream's User-Agent.
      headers: { 'user-agent': userAgent, ...playlist?.headers },
      maxConnections: c.upstream.maxConnections,
    });
  }
  return sources;
}

/** An M3U entry's URL (unsealed) and headers, or null when the row has none. */
async function playlistSource(publicId: number): Promise<{ url: string; headers: Record<string, string> } | null> {
  const row = await q.playlistEntrySource(publicId);
  if (!row?.src) return null;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(row.headers ?? {})) if (typeof value === 'string') headers[name] = value;
  return { url: decryptSecret(row.src), headers };
}

/**
 * The live format asked of a provider: HLS only where it offers HLS. A provider whose last login said
 * its `allowed_output_formats` lack m3u8 (TS-only) is asked for MPEG-TS, which the hub turns into HLS.
 */
function liveExtensionOn(upstream: RoutableUpstream, wanted: string): string {
  if (wanted !== 'm3u8') return wanted;
  const formats = upstream.row.server_info?.allowedOutputFormats;
  const tsOnly = Array.isArray(formats) && formats.length > 0 && !formats.some((f) => String(f).toLowerCase() === 'm3u8');
  return tsOnly ? 'ts' : wanted;
}

/** The provider's zone from its last login (`server_info.timezone`), the zone it reads catch-up starts in. */
function providerTimeZone(upstream: RoutableUpstream): string | null {
  const zone = upstream.row.server_info?.timezone;
  return typeof zone === 'string' && zone.trim() ? zone.trim() : null;
}
