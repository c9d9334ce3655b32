import type { ServerResponse } from 'node:http';
import { getEnv } from '@/lib/env';
import { logger } from '@/lib/monitor/logger';
import { processState } from '@/lib/state';
import type { RouteSource } from '@/lib/routing/types';
import { streamContentType, streamHeaders } from './content-type';
import type { UpstreamAttempt } from '@/lib/monitor/request-outcome';
import { openFirstSource } from './failover';
import { openLiveSource, type LiveSource } from './live-source';
import { policyFor } from '@/lib/net/ssrf-guard';
import type { Slab } from './slab-pool';
import type { UpstreamSlot } from '@/lib/slots/slots';
import { HlsSegmenter } from './hub/hls-segments';
import { ChunkRing } from './hub/ring';

/**
 * How far the upstream may be read ahead of the fastest viewer (like nginx's proxy buffers; at most
 * half the ring): reading and writing overlap, and a lone slow viewer still never falls out of the ring.
 */
const READ_AHEAD_BYTES = 2 * 1024 * 1024;
/** What a viewer's response may hold queued before the hub waits for it to drain. */
const VIEWER_BUFFER_BYTES = 512 * 1024;
/** A viewer that falls out of the ring this often is dropped instead of skipped ahead again. */
const MAX_SKIPS = 5;
/** Until a connection's first byte, its wait is the upstream timeout clamped to this range. */
const MIN_FIRST_BYTE_MS = 5_000;
const MAX_FIRST_BYTE_MS = 15_000;
/** A connection that was flowing and sends nothing for this long is stalled, whatever the API timeout. */
export const FLOWING_STALL_MS = 3_000;
/** A connection that ends or stalls sooner than this after opening counts as a failed attempt. */
const HEALTHY_MS = 3_000;
/** After a round in which every candidate failed: wait, doubling from the first to the last value (with jitter). */
const BACKOFF_FIRST_MS = 250;
const BACKOFF_MAX_MS = 10_000;
/** Failed rounds in a row before the viewers are closed; before the channel's first byte, fewer. */
const MAX_FAILED_ROUNDS = 6;
const MAX_FAILED_ROUNDS_BEFORE_DATA = 4;

export const hubSettings = processState('liveHubSettings', () => ({ lingerMs: getEnv().LIVE_LINGER_MS }));

interface HubViewer {
  res: ServerResponse;
  nextSeq: number;
  waiting: boolean;
  skips: number;
  onBytes: (n: number) => void;
  onUpstream?: (upstreamId: string | null) => void;
  done: () => void;
}

export type HubJoin = { ok: true; upstreamId: string | null; ended: Promise<void> } | { ok: false; status: 502 | 503; message: string; attempts: UpstreamAttempt[] };

/**
 * One upstream connection per live channel, however many viewers (`.ts` viewers and HLS playbacks):
 * a ring of recent chunks (kept as received, with the offset of their first TS packet, see
 * hub/ring.ts); new viewers get the PAT and PMT, then the ring from the latest key frame (or, without
 * one, start a little behind live at a packet boundary); while HLS viewers are held, every chunk also
 * feeds the HLS segmenter (hub/hls-segments.ts); the upstream is read as fast as the fastest viewer takes it; a slower viewer skips
 * ahead (or is dropped) and never holds the others back; when the upstream stalls or ends the hub reconnects or
 * fails over while viewers stay connected; it lingers after the last viewer so zapping back is instant.
 */
class LiveHub {
  /** Recent upstream chunks (whole packets, slabs referenced), indexed for fast start; each also feeds the HLS segmenter. */
  private ring = new ChunkRing((buf, start, raps) => this.hls?.push(buf, start, raps, () => this.ring.lastPcr));
  private wake?: () => void;
  private drained?: () => void;
  private viewers = new Set<HubViewer>();
  private linger?: NodeJS.Timeout;
  private current?: { abort: () => void; slot: UpstreamSlot | null; source: RouteSource };
  private closed = false;
  private firstData: Promise<boolean>;
  private resolveFirst!: (ok: boolean) => void;
  private failure: { status: 502 | 503; message: string; attempts: UpstreamAttempt[] } = { status: 502, message: 'no upstream answered', attempts: [] };
  private sourceIndex = 0;
  readonly startedAt = Date.now();
  /** HLS viewers (playback refs) and the segments cut for them; null while there are none. */
  private hlsViewers = new Set<string>();
  private hls: HlsSegmenter | null = null;

  constructor(
    readonly key: string,
    private sources: RouteSource[],
    private onClosed: () => void,
  ) {
    this.firstData = new Promise((resolve) => (this.resolveFirst = resolve));
    void this.run();
  }

  get viewerCount(): number {
    return this.viewers.size + this.hlsViewers.size;
  }

  /** Bytes this hub holds for HLS (kept segments and the one being cut). */
  get hlsBytes(): number {
    return this.hls?.keptBytes ?? 0;
  }

  /** Bytes of the ring (and the packet cut at its end). */
  get ringByteCount(): number {
    return this.ring.bytes;
  }

  get upstreamId(): string | null {
    return this.current?.source.upstreamId ?? null;
  }

  /** Adds a viewer; resolves once it can be answered (first data) or the hub failed to start. */
  async join(res: ServerResponse, onBytes: (n: number) => void, onUpstream?: (upstreamId: string | null) => void): Promise<HubJoin> {
    if (this.linger) clearTimeout(this.linger);
    this.linger = undefined;
    let resolveEnded!: () => void;
    const ended = new Promise<void>((r) => (resolveEnded = r));
    const viewer: HubViewer = { res, nextSeq: 0, waiting: false, skips: 0, onBytes, onUpstream, done: resolveEnded };
    this.viewers.add(viewer);
    const cleanup = () => this.leave(viewer);
    res.once('close', cleanup);
    if (!(await this.firstData) || this.closed) {
      res.off('close', cleanup);
      this.leave(viewer);
      return { ok: false, ...this.failure };
    }
    if (res.destroyed) {
      this.leave(viewer);
      return { ok: true, upstreamId: this.upstreamId, ended };
    }
    // A close-delimited body: no chunk framing around every write of an endless stream.
    res.useChunkedEncodingByDefault = false;
    res.writeHead(200, { ...streamHeaders(streamContentType('ts')), 'Cache-Control': 'no-store', Connection: 'close' });
    const fast = this.ring.fastStart();
    if (fast) {
      // PAT, PMT, then the latest key frame on: the decoder's first picture is a whole one.
      onBytes(fast.first.length);
      res.write(fast.first);
      viewer.nextSeq = fast.nextSeq;
    } else viewer.nextSeq = this.ring.joinSeq();
    this.pump(viewer);
    this.drained?.(); // a new viewer with room: the upstream reader may go on
    return { ok: true, upstreamId: this.upstreamId, ended };
  }

  /**
   * Adds an HLS viewer (a playback): segments are cut while any is held. Resolves once the first
   * segment can be listed, or with the hub's failure.
   */
  async joinHls(ref: string, waitMs: number): Promise<{ ok: true } | { ok: false; status: 502 | 503 | 504; message: string }> {
    if (this.linger) clearTimeout(this.linger);
    this.linger = undefined;
    this.hlsViewers.add(ref);
    if (!this.hls) this.startSegments();
    if (!(await this.firstData) || this.closed) {
      this.leaveHls(ref);
      return { ok: false, ...this.failure };
    }
    if (await this.hls!.ready(waitMs)) return { ok: true };
    this.leaveHls(ref);
    return { ok: false, status: 504, message: 'no segment yet' };
  }

  leaveHls(ref: string): void {
    if (!this.hlsViewers.delete(ref)) return;
    if (this.hlsViewers.size === 0) {
      this.hls?.stop();
      this.hls = null;
    }
    this.lingerIfIdle();
  }

  /** The HLS playlist (segment URLs from `segmentUrl`), or null when this hub cuts none. */
  hlsPlaylist(segmentUrl: (seq: number) => string): string | null {
    return this.hls ? this.hls.playlist(segmentUrl) : null;
  }

  hlsSegment(seq: number): Buffer | null {
    return this.hls?.segment(seq)?.data ?? null;
  }

  /** Starts cutting segments, from the oldest random-access point still in the ring (a running channel lists at once). */
  private startSegments() {
    const hls = new HlsSegmenter(() => this.ring.header);
    this.hls = hls;
    this.ring.replay((buf, start, raps) => hls.push(buf, start, raps, () => this.ring.lastPcr));
  }

  /** Ends every viewer and the upstream at once (shutdown, tests). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.resolveFirst(false);
    this.hls?.stop();
    this.hls = null;
    this.hlsViewers.clear();
    if (this.linger) clearTimeout(this.linger);
    this.wake?.();
    this.drained?.();
    this.current?.abort();
    for (const v of [...this.viewers]) {
      // A viewer still waiting in join() is answered there (503/502 with a body), not cut off.
      if (v.res.headersSent) v.res.destroy();
      this.leave(v);
    }
    this.ring.clear();
    this.onClosed();
  }

  private leave(viewer: HubViewer) {
    if (!this.viewers.delete(viewer)) return;
    viewer.done();
    this.drained?.();
    this.lingerIfIdle();
  }

  /** The last viewer of any kind left: the upstream stays open for the linger time, then closes. */
  private lingerIfIdle() {
    if (this.viewerCount === 0 && !this.closed && !this.linger) {
      this.linger = setTimeout(() => this.close(), hubSettings.lingerMs);
      this.linger.unref();
    }
  }

  private push(chunk: Buffer, slab: Slab | null) {
    if (this.closed) return;
    this.ring.push(chunk, slab);
    if (this.ring.nextSeq === 0) return;
    this.resolveFirst(true);
    for (const v of this.viewers) this.pump(v);
  }

  /**
   * True while every viewer's socket is full and even the fastest viewer has READ_AHEAD_BYTES waiting
   * in the ring: then the hub stops reading its upstream until a viewer drains.
   */
  private shouldPause(): boolean {
    if (this.viewers.size === 0) return false;
    let leastBehind = Infinity;
    for (const v of this.viewers) {
      if (!v.waiting) return false;
      const at = this.ring.chunk(v.nextSeq)?.start ?? this.ring.pushedBytes;
      leastBehind = Math.min(leastBehind, this.ring.pushedBytes - at);
    }
    return leastBehind >= Math.min(READ_AHEAD_BYTES, this.ring.cap / 2);
  }

  private pump(v: HubViewer) {
    if (v.waiting || v.res.destroyed || !v.res.headersSent) return;
    // Several chunks waiting (after a drain) leave in one writev instead of a syscall each.
    v.res.cork();
    try {
      this.writeBacklog(v);
    } finally {
      v.res.uncork();
    }
  }

  private writeBacklog(v: HubViewer) {
    while (v.nextSeq < this.ring.nextSeq) {
      if (v.nextSeq < this.ring.oldestSeq) {
        // Fell out of the ring: skip ahead to live, or give up on a viewer that cannot keep up.
        if (++v.skips > MAX_SKIPS) {
          v.res.destroy();
          this.leave(v);
          return;
        }
        v.nextSeq = this.ring.joinSeq();
      }
      const { buf: out, slab } = this.ring.chunk(v.nextSeq++)!;
      v.onBytes(out.length);
      // Node's 16 KB high-water mark is smaller than one upstream read: queue up to VIEWER_BUFFER_BYTES
      // (references into the ring, no copies) so the corked chunks go out together.
      // The write holds its own reference on the slab until the socket has taken the bytes.
      slab?.retain();
      if (!v.res.write(out, slab?.release) && v.res.writableLength >= VIEWER_BUFFER_BYTES) {
        v.waiting = true;
        v.res.once('drain', () => {
          v.waiting = false;
          this.drained?.();
          this.pump(v);
        });
        return;
      }
    }
  }

  /**
   * The upstream side: connect in failover order and read; when a connection ends or stalls, go on at
   * the next candidate at once if it held up, else count it failed. After a round in which every
   * candidate failed, back off (250 ms doubling to 10 s, with jitter); after MAX_FAILED_ROUNDS the
   * viewers are closed with one log line (a source that answers and ends at once would otherwise be
   * asked thousands of times a second).
   */
  private async run() {
    let rounds = 0;
    let tried = 0;
    while (!this.closed) {
      const opened = await openFirstSource(this.sources, (source) => this.open(source), {
        from: this.sourceIndex,
        stop: () => this.closed,
        onError: (source, err) => logger.warn({ hub: this.key, upstreamId: source.upstreamId, err: (err as Error).message }, 'live source failed'),
      });
      if (this.closed) {
        if (opened.ok) {
          opened.value.abort();
          opened.slot?.release();
        }
        return;
      }
      let healthy = false;
      if (opened.ok) {
        healthy = await this.read(opened.value, opened.source, opened.slot);
        this.sourceIndex = (opened.index + 1) % this.sources.length;
        if (!healthy) this.failure = { status: 502, message: 'the upstream ended the stream right after opening', attempts: opened.attempts };
      } else {
        this.failure = { status: opened.status, message: opened.message, attempts: opened.attempts };
      }
      if (this.closed) return;
      if (healthy) {
        rounds = 0;
        tried = 0;
        continue;
      }
      tried += opened.tried;
      if (tried < this.sources.length) continue; // the next candidate, at once
      tried = 0;
      rounds += 1;
      // Nobody has seen a byte and nothing even opened (all full or refused): answer now.
      const limit = this.ring.nextSeq === 0 ? (opened.ok ? MAX_FAILED_ROUNDS_BEFORE_DATA : 1) : MAX_FAILED_ROUNDS;
      if (rounds >= limit) {
        if (limit > 1) {
          logger.warn(
            { hub: this.key, rounds, viewers: this.viewers.size, upstreamIds: [...new Set(this.sources.map((s) => s.upstreamId))] },
            `live channel given up: every source failed or ended at once ${rounds} rounds in a row; closing its viewers`,
          );
        }
        this.resolveFirst(false);
        this.close();
        return;
      }
      const wait = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** (rounds - 1));
      await this.sleep(wait * (0.75 + Math.random() * 0.5));
    }
  }

  private async open(source: RouteSource): Promise<LiveSource> {
    const controller = new AbortController();
    this.current = { abort: () => controller.abort(), slot: null, source };
    try {
      return await openLiveSource(source.url, { timeoutMs: source.timeoutSeconds * 1000, signal: controller.signal, headers: source.headers, policy: policyFor(source.url, source.upstreamId) });
    } finally {
      this.current = undefined;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
    });
  }

  /**
   * Reads one connection until it ends, stalls or the hub closes. Stalls are judged by the channel's
   * own flow: up to the upstream timeout for the first byte, then FLOWING_STALL_MS without one.
   * True when the connection held up (flowed for HEALTHY_MS or more).
   */
  private async read(stream: LiveSource, source: RouteSource, slot: UpstreamSlot | null): Promise<boolean> {
    this.current = { abort: () => stream.abort(), slot, source };
    for (const v of this.viewers) v.onUpstream?.(source.upstreamId);
    const openedAt = Date.now();
    let flowing = false;
    let waitingForViewers = false;
    const firstByteMs = Math.min(MAX_FIRST_BYTE_MS, Math.max(MIN_FIRST_BYTE_MS, source.timeoutSeconds * 1000));
    let stall = setTimeout(() => !waitingForViewers && stream.abort(), firstByteMs);
    await new Promise<void>((resolve) => {
      stream.start({
        onData: (chunk, slab) => {
          if (this.closed) return false;
          this.push(chunk, slab);
          if (flowing) stall.refresh();
          else {
            flowing = true;
            clearTimeout(stall);
            stall = setTimeout(() => !waitingForViewers && stream.abort(), FLOWING_STALL_MS);
          }
          if (!this.shouldPause()) return true;
          // Every viewer's socket is full and the fastest is far enough behind: stop reading until one
          // drains, so the upstream is paced by the fastest viewer (TCP backpressure end to end) and
          // nobody is pushed out of the ring by a source faster than every viewer.
          waitingForViewers = true;
          this.drained = () => {
            this.drained = undefined;
            waitingForViewers = false;
            stall.refresh();
            stream.resume();
          };
          return false;
        },
        // end, reset, abort or stall: go round again (reconnect or fail over)
        onEnd: () => resolve(),
      });
    });
    clearTimeout(stall);
    this.drained = undefined;
    slot?.release();
    this.current = undefined;
    this.ring.restart(); // the cut packet of the connection that ended will never be completed
    this.hls?.restart();
    const healthy = flowing && Date.now() - openedAt >= HEALTHY_MS;
    if (!this.closed) logger.info({ hub: this.key, upstreamId: source.upstreamId, healthy }, 'live upstream ended or stalled; reconnecting');
    return healthy;
  }
}

const hubs = processState('liveHubs', () => new Map<string, LiveHub>());

/** The hub of a channel (created on first viewer). */
export function liveHub(key: string, sources: RouteSource[]): LiveHub {
  let hub = hubs.get(key);
  if (!hub) {
    const created: LiveHub = new LiveHub(key, sources, () => {
      if (hubs.get(key) === created) hubs.delete(key);
    });
    hub = created;
    hubs.set(key, hub);
  }
  return hub;
}

/** The running hub of a channel, if any (HLS segment requests never start one). */
export function runningHub(key: string): LiveHub | null {
  return hubs.get(key) ?? null;
}

export function listHubs(): { key: string; viewers: number; upstreamId: string | null; startedAt: number }[] {
  return [...hubs.values()].map((h) => ({ key: h.key, viewers: h.viewerCount, upstreamId: h.upstreamId, startedAt: h.startedAt }));
}

export function closeAllHubs(): void {
  for (const hub of [...hubs.values()]) hub.close();
}
