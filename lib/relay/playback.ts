import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { processState } from '@/lib/state';
import type { RouteSource } from '@/lib/routing/types';
import { newUpstreamSlot } from './failover';
import { releaseViewer, reserveViewer, type LineLimit, type UpstreamSlot, type ViewerSession } from '@/lib/slots/slots';

/**
 * A playback that spans several requests: a movie opened as parallel Range requests and re-opened on
 * every seek (Kodi, Emby, Jellyfin, VLC), or an HLS playlist and its segments. Requests of the same
 * account for the same item from the same client (IP + User-Agent) share one viewer slot and one
 * upstream slot per upstream (held while any of its requests is open); the playback ends `idleMs`
 * after its last request ended.
 */
export interface Playback {
  /** Opaque and unguessable: HLS tokens name the playback they belong to. */
  readonly ref: string;
  readonly key: string;
  readonly session: ViewerSession;
  idleMs: number;
  /** HLS: the headers of the source whose playlist was served (its segments are fetched with them). */
  sourceHeaders?: Readonly<Record<string, string>>;
  /** Takes the upstream slot of this playback for a source (one per upstream, while any of its requests is open). */
  takeSlot(source: RouteSource): Promise<UpstreamSlot | null>;
  /** Runs `fn` once when the playback ends (idle, kicked, shut down); at once if it already has. */
  onEnd(fn: () => void): void;
}

interface PlaybackState extends Playback {
  /** The account and client it plays for (line, IP, User-Agent). */
  client: string;
  requests: Set<ServerResponse>;
  upstream: Map<string, Promise<UpstreamSlot | null>>;
  endTimer: NodeJS.Timeout | undefined;
  served: boolean;
  ended: boolean;
  endHooks: (() => void)[];
}

/** Files: a few seconds after the last request (a seek closes one request and opens the next). Tests shorten it. */
export const playbackSettings = processState('relayPlaybackSettings', () => ({ fileIdleMs: 5_000 }));
/** HLS: two target durations plus this, without a playlist or segment fetch. */
export const HLS_GRACE_MS = 5_000;
/** Until the media playlist tells its target duration. */
export const HLS_DEFAULT_TARGET_S = 10;

const state = processState('relayPlaybacks', () => ({
  byKey: new Map<string, Promise<PlaybackState | null>>(),
  byRef: new Map<string, PlaybackState>(),
}));

export type PlaybackKind = 'file' | 'hls';

export function hlsIdleMs(targetDurationS: number): number {
  return 2 * targetDurationS * 1000 + HLS_GRACE_MS;
}

/**
 * The playback this request belongs to, started (with a viewer slot of the account) when there is
 * none; null when the account is at its limit and refuses. Parallel first requests wait for one slot.
 */
export async function joinPlayback(
  kind: PlaybackKind,
  line: LineLimit,
  info: { publicId: number; name: string; upstreamId: string | null; clientIp: string; userAgent: string },
  idleMs: number,
): Promise<Playback | null> {
  const key = [kind, line.id, info.publicId, info.clientIp, info.userAgent].join('\n');
  for (let pending = state.byKey.get(key); pending; pending = state.byKey.get(key)) {
    const existing = await pending;
    if (existing && !existing.ended) return existing;
    if (state.byKey.get(key) !== pending) continue;
    if (!existing) return null; // refused together with the request that asked first
    state.byKey.delete(key);
  }
  // A client plays one thing at a time: opening another item ends its lingering (idle) playbacks, so
  // their slots are free at once instead of after their idle time (movie to movie on a 1-slot upstream).
  const client = [line.id, info.clientIp, info.userAgent].join('\n');
  for (const other of [...state.byRef.values()]) if (other.client === client && other.requests.size === 0) endPlayback(other);
  const starting = startPlayback(key, client, kind, line, info, idleMs);
  state.byKey.set(key, starting);
  const playback = await starting;
  if (!playback && state.byKey.get(key) === starting) state.byKey.delete(key);
  return playback;
}

async function startPlayback(
  key: string,
  client: string,
  kind: PlaybackKind,
  line: LineLimit,
  info: { publicId: number; name: string; upstreamId: string | null; clientIp: string },
  idleMs: number,
): Promise<PlaybackState | null> {
  const made: { playback?: PlaybackState } = {};
  const session = await reserveViewer(line, {
    publicId: info.publicId,
    name: info.name,
    upstreamId: info.upstreamId,
    mode: 'proxy',
    format: kind,
    clientIp: info.clientIp,
    // kicked, reaped or shut down: the playback ends with every request it has open
    close: () => made.playback && endPlayback(made.playback),
  });
  if (!session) return null;
  const created: PlaybackState = {
    ref: randomUUID(),
    key,
    client,
    session,
    idleMs,
    requests: new Set(),
    upstream: new Map(),
    endTimer: undefined,
    served: false,
    ended: false,
    endHooks: [],
    takeSlot: (source) => takeSharedSlot(created, source),
    onEnd: (fn) => (created.ended ? fn() : void created.endHooks.push(fn)),
  };
  made.playback = created;
  state.byRef.set(created.ref, created);
  return created;
}

function takeSharedSlot(p: PlaybackState, source: RouteSource): Promise<UpstreamSlot | null> {
  const id = source.upstreamId!;
  let taking = p.upstream.get(id);
  if (!taking) {
    taking = newUpstreamSlot(source).then((slot) => {
      if (!slot) p.upstream.delete(id); // full now: a later request may find room
      else if (p.ended) slot.release();
      return slot;
    });
    p.upstream.set(id, taking);
  }
  // Each request "releases" its share; the slot itself goes back when the playback's last request ends.
  return taking.then((slot) => (slot ? { upstreamId: id, release: () => {} } : null));
}

/**
 * Counts a request against its playback until the returned function is called (in the request's
 * `finally`). The last request out starts the idle countdown; a playback that never served anything
 * (its first request failed) ends at once.
 */
export function holdPlayback(playback: Playback, res: ServerResponse): (served: boolean) => void {
  const p = playback as PlaybackState;
  p.requests.add(res);
  if (p.endTimer) clearTimeout(p.endTimer);
  p.endTimer = undefined;
  p.session.lastActivity = Date.now();
  if (p.ended) res.destroy();
  return (served) => {
    if (!p.requests.delete(res)) return;
    p.served ||= served;
    p.session.lastActivity = Date.now();
    if (p.requests.size > 0 || p.ended) return;
    // The upstream counts connections: between requests its slot is free for others (the viewer slot stays).
    releaseUpstreamSlots(p);
    if (!p.served) return endPlayback(p);
    p.endTimer = setTimeout(() => endPlayback(p), p.idleMs);
    p.endTimer.unref();
  };
}

/** The live playback an HLS token names, if it still plays and belongs to this account. */
export function findPlayback(ref: string | undefined, lineId: string): Playback | null {
  const p = ref ? state.byRef.get(ref) : undefined;
  return p && !p.ended && p.session.lineId === lineId ? p : null;
}

/** Ends a playback: its viewer slot, its upstream slots and any request still open. Safe to repeat. */
export function endPlayback(playback: Playback): void {
  const p = playback as PlaybackState;
  if (p.ended) return;
  p.ended = true;
  if (p.endTimer) clearTimeout(p.endTimer);
  state.byRef.delete(p.ref);
  const current = state.byKey.get(p.key);
  void current?.then((q) => {
    if (q === p && state.byKey.get(p.key) === current) state.byKey.delete(p.key);
  });
  releaseViewer(p.session);
  releaseUpstreamSlots(p);
  for (const res of p.requests) res.destroy();
  for (const fn of p.endHooks.splice(0)) fn();
}

function releaseUpstreamSlots(p: PlaybackState) {
  for (const taking of p.upstream.values()) void taking.then((slot) => slot?.release());
  p.upstream.clear();
}

export function activePlaybacks(): number {
  return state.byRef.size;
}

/** Ends every playback at once (shutdown, tests). */
export function endAllPlaybacks(): void {
  for (const p of [...state.byRef.values()]) endPlayback(p);
}
