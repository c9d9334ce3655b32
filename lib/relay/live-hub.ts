import type { ServerResponse } from 'node:http';
import { getEnv } from '@/lib/env';
import { processState } from '@/lib/state';
import type { RouteSource } from '@/lib/routing/types';
import { streamContentType, streamHeaders } from './content-type';
import type { UpstreamAttempt } from '@/lib/monitor/request-outcome';
import type { Slab } from './slab-pool';
import { FORCE_CUT_BYTES, HLS_MAX_BYTES, HlsSegmenter } from './hub/hls-segments';
import { registerBound } from '@/lib/monitor/bounds';
import { ChunkRing, MAX_RING_BYTES } from './hub/ring';
import { SourceLoop, type SourceLoopHost } from './hub/source-loop';

export { FLOWING_STALL_MS } from './hub/source-loop';

/**
 * How far the upstream may be read ahead of the fastest viewer (like nginx's proxy buffers; at most
 * half the ring): reading and writing overlap, and a lone slow viewer still never falls out of the ring.
 */
const READ_AHEAD_BYTES = 2 * 1024 * 1024;
/** What a viewer's response may hold queued before the hub waits for it to drain. */
const VIEWER_BUFFER_BYTES = 512 * 1024;
/** A viewer that falls out of the ring this often is dropped instead of skipped ahead again. */
const MAX_SKIPS = 5;

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
  private loop: SourceLoop;
  private viewers = new Set<HubViewer>();
  private linger?: NodeJS.Timeout;
  private closed = false;
  private firstData: Promise<boolean>;
  private resolveFirst!: (ok: boolean) => void;
  readonly startedAt = Date.now();
  /** HLS viewers (playback refs) and the segments cut for them; null while there are none. */
  private hlsViewers = new Set<string>();
  private hls: HlsSegmenter | null = null;

  constructor(
    readonly key: string,
    sources: RouteSource[],
    private onClosed: () => void,
  ) {
    this.firstData = new Promise((resolve) => (this.resolveFirst = resolve));
    this.loop = new SourceLoop(this.sourceHost(), sources);
    void this.loop.run();
  }

  /** What the source loop sees of this hub. */
  private sourceHost(): SourceLoopHost {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const hub = this;
    return {
      key: this.key,
      get closed() {
        return hub.closed;
      },
      get viewerCount() {
        return hub.viewerCount;
      },
      get hasData() {
        return hub.ring.nextSeq > 0;
      },
      push: (chunk, slab) => this.push(chunk, slab),
      shouldPause: () => this.shouldPause(),
      connected: (upstreamId) => {
        for (const v of this.viewers) v.onUpstream?.(upstreamId);
      },
      disconnected: () => {
        this.ring.restart();
        this.hls?.restart();
      },
      giveUp: () => {
        this.resolveFirst(false);
        this.close();
      },
    };
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
    return this.loop.upstreamId;
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
      return { ok: false, ...this.loop.failure };
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
    this.loop.resume(); // a new viewer with room: the upstream reader may go on
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
      return { ok: false, ...this.loop.failure };
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
    this.loop.stop();
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
    this.loop.resume();
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
          this.loop.resume();
          this.pump(v);
        });
        return;
      }
    }
  }

}

const hubs = processState('liveHubs', () => new Map<string, LiveHub>());
const sumOver = (f: (h: LiveHub) => number) => () => [...hubs.values()].reduce((n, h) => n + f(h), 0);
// Rings and HLS segments are capped per hub; hubs are capped by the upstreams' connection slots.
registerBound('hub_rings', { unit: 'bytes', limit: () => hubs.size * MAX_RING_BYTES, used: sumOver((h) => h.ringByteCount) });
registerBound('hub_hls_segments', { unit: 'bytes', limit: () => hubs.size * (HLS_MAX_BYTES + FORCE_CUT_BYTES), used: sumOver((h) => h.hlsBytes) });

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
