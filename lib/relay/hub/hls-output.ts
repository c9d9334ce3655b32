import type { ServerResponse } from 'node:http';
import { decryptSecret, encryptSecret } from '@/lib/crypto/secret-box';
import type { RouteSource } from '@/lib/routing/types';
import { processState } from '@/lib/state';
import { HLS_PLAYLIST_TYPE, streamContentType, streamHeaders } from '@/lib/relay/content-type';
import { liveHub, runningHub } from '@/lib/relay/live-hub';
import { hlsIdleMs, type Playback } from '@/lib/relay/playback';
import { HLS_TARGET_S } from './hls-segments';

// HLS out of an MPEG-TS channel (docs/xtream.md "HLS from TS sources"): the channel's one hub cuts
// segments; the playlist and segments are answered from its memory for every HLS viewer.

/** How long a playlist request waits for the channel's first segment. */
export const FIRST_SEGMENT_WAIT_MS = 20_000;
const TOKEN_TTL_S = 6 * 3600;

interface HubTicket {
  /** player account */
  l: string;
  /** the playback (viewer session) it belongs to */
  p: string;
  /** the channel's public id (its hub) */
  k: number;
  /** expiry, epoch seconds */
  e: number;
}

/** Opaque, signed and encrypted: names the account's playback, never its credentials. */
function hubToken(ticket: Omit<HubTicket, 'e'>): string {
  return encryptSecret(JSON.stringify({ ...ticket, e: Math.floor(Date.now() / 1000) + TOKEN_TTL_S })).replace(/:/g, '.');
}

export function readHubToken(token: string): HubTicket | null {
  try {
    const t = JSON.parse(decryptSecret(token.replace(/\./g, ':'))) as HubTicket;
    return typeof t.k === 'number' && typeof t.p === 'string' && typeof t.l === 'string' && t.e > Date.now() / 1000 ? t : null;
  } catch {
    return null;
  }
}

const hubKey = (publicId: number) => `live:${publicId}`;
/** The hub each HLS playback is counted on (it leaves that hub when the playback ends). */
const counted = processState('hubHlsPlaybacks', () => new Map<string, object>());

/** A playback with a segment URL for each sequence number. */
function segmentUrls(baseUrl: string, publicId: number, lineId: string, playback: Playback): (seq: number) => string {
  // `{publicId}~` in front is for the load balancer (docs/scaling.md), like the other HLS URLs.
  const token = hubToken({ l: lineId, p: playback.ref, k: publicId });
  return (seq) => `${baseUrl}/hls/${publicId}~${token}/${seq}.ts`;
}

/**
 * `/live/{u}/{p}/{id}.m3u8` of a channel whose source is MPEG-TS: joins the playback to the channel's
 * hub (one upstream connection for TS and HLS viewers alike) and answers its sliding-window playlist.
 */
export async function serveHubPlaylist(res: ServerResponse, publicId: number, sources: RouteSource[], baseUrl: string, lineId: string, playback: Playback): Promise<void> {
  const hub = liveHub(hubKey(publicId), sources);
  if (counted.get(playback.ref) !== hub) {
    counted.set(playback.ref, hub);
    playback.onEnd(() => {
      if (counted.get(playback.ref) === hub) counted.delete(playback.ref);
      hub.leaveHls(playback.ref);
    });
  }
  const joined = await hub.joinHls(playback.ref, FIRST_SEGMENT_WAIT_MS);
  if (!joined.ok) return void res.writeHead(joined.status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${joined.message}\n`);
  playback.idleMs = hlsIdleMs(HLS_TARGET_S);
  playback.session.upstreamId = hub.upstreamId;
  const body = hub.hlsPlaylist(segmentUrls(baseUrl, publicId, lineId, playback));
  if (body === null) return void res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Channel stopped\n');
  res.writeHead(200, { ...streamHeaders(HLS_PLAYLIST_TYPE), 'Cache-Control': 'no-store' }).end(body);
}

/** `/hls/{publicId}~{token}/{seq}.ts`: a segment from the hub's memory (404 once it left the window). */
export function serveHubSegment(res: ServerResponse, ticket: HubTicket, seq: number, playback: Playback): void {
  const data = runningHub(hubKey(ticket.k))?.hlsSegment(seq) ?? null;
  if (!data) return void res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('No such segment\n');
  playback.session.bytes += data.length;
  playback.session.lastActivity = Date.now();
  res.writeHead(200, { ...streamHeaders(streamContentType('ts')), 'Content-Length': data.length, 'Cache-Control': 'no-store' }).end(data);
}
