import type { ServerResponse } from 'node:http';
import { getEnv } from '@/lib/env';
import { logger } from '@/lib/monitor/logger';
import { processState } from '@/lib/state';
import type { RouteSource } from '@/lib/routing/types';
import { streamContentType, streamHeaders } from './content-type';
import type { UpstreamAttempt } from '@/lib/monitor/request-outcome';
import { openFirstSource } from './failover';
import { openLiveSource, type LiveSource } from './live-source';
import { policyFor } from './ssrf-guard';
import type { Slab } from './slab-pool';
import type { UpstreamSlot } from '@/lib/slots/slots';

const TS = 188;
/**
 * The ring holds this many seconds of the channel at its measured rate, between a floor and a ceiling:
 * a fixed 4 MB cost every SD channel as much memory as a fast HD one.
 */
const RING_SECONDS = 6;
const MIN_RING_BYTES = 1536 * 1024;
const MAX_RING_BYTES = 4 * 1024 * 1024;
/** How far back in the ring a new viewer starts (at most a third of the ring): enough to begin playing at once. */
const JOIN_BACK_BYTES = 1024 * 1024;
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
 * One upstream connection per live channel, however many viewers: a ring of recent chunks (kept as
 * received, with the offset of their first TS packet); new viewers start a little behind live at a
 * packet boundary; the upstream is read as fast as the fastest viewer takes it; a slower viewer skips
 * ahead (or is dropped) and never holds the others back; when the upstream stalls or ends the hub reconnects or
 * fails over while viewers stay connected; it lingers after the last viewer so zapping back is instant.
 */
class LiveHub {
  /**
   * Ring of upstream chunks, each whole TS packets (so a viewer that starts or skips ahead at a chunk
   * never gets a cut packet), as received where possible: no copies, each holds a reference on its slab.
   */
  private chunks = new Map<number, { buf: Buffer; start: number; slab: Slab | null }>();
  /** The bytes of a packet cut by the end of the last read, kept until the rest arrives. */
  private tail: { buf: Buffer; slab: Slab | null } | null = null;
  /** Bytes pushed into the ring since the hub started. */
  private pushedBytes = 0;
  private oldestSeq = 0;
  private nextSeq = 0;
  private ringBytes = 0;
  private ringCap = MAX_RING_BYTES;
  private rate = { at: 0, bytes: 0, perSecond: 0 };
  private wake?: () => void;
  /** Bytes of an unaligned connection start kept until a sync byte is confirmed. */
  private pending: Buffer = Buffer.alloc(0);
  private needsAlign = true;
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

  constructor(
    readonly key: string,
    private sources: RouteSource[],
    private onClosed: () => void,
  ) {
    this.firstData = new Promise((resolve) => (this.resolveFirst = resolve));
    void this.run();
  }

  get viewerCount(): number {
    return this.viewers.size;
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
    viewer.nextSeq = this.joinSeq();
    this.pump(viewer);
    this.drained?.(); // a new viewer with room: the upstream reader may go on
    return { ok: true, upstreamId: this.upstreamId, ended };
  }

  /** Ends every viewer and the upstream at once (shutdown, tests). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.resolveFirst(false);
    if (this.linger) clearTimeout(this.linger);
    this.wake?.();
    this.drained?.();
    this.current?.abort();
    for (const v of [...this.viewers]) {
      // A viewer still waiting in join() is answered there (503/502 with a body), not cut off.
      if (v.res.headersSent) v.res.destroy();
      this.leave(v);
    }
    for (const c of this.chunks.values()) c.slab?.release();
    this.chunks.clear();
    this.dropTail();
    this.onClosed();
  }

  private leave(viewer: HubViewer) {
    if (!this.viewers.delete(viewer)) return;
    viewer.done();
    this.drained?.();
    if (this.viewers.size === 0 && !this.closed) {
      this.linger = setTimeout(() => this.close(), hubSettings.lingerMs);
      this.linger.unref();
    }
  }

  private joinSeq(): number {
    let seq = this.nextSeq;
    let bytes = 0;
    const back = Math.min(JOIN_BACK_BYTES, this.ringCap / 3);
    while (seq > this.oldestSeq && bytes < back) {
      seq -= 1;
      bytes += this.chunks.get(seq)?.buf.length ?? 0;
    }
    return seq;
  }

  private push(chunk: Buffer, slab: Slab | null) {
    if (this.closed) return;
    let data = chunk;
    if (this.needsAlign) {
      // After a (re)connect, start at a sync byte that the next packet confirms.
      if (this.pending.length) {
        data = Buffer.concat([this.pending, chunk]);
        slab = null;
      }
      let start = data.indexOf(0x47);
      while (start >= 0 && start + TS < data.length && data[start + TS] !== 0x47) start = data.indexOf(0x47, start + 1);
      if (start < 0 || start + TS >= data.length) {
        this.pending = data.length > 64 * TS ? Buffer.alloc(0) : Buffer.from(data);
        return;
      }
      data = data.subarray(start);
      this.pending = Buffer.alloc(0);
      this.needsAlign = false;
    }
    if (this.tail) {
      const t = this.tail;
      if (slab && t.slab === slab && t.buf.byteOffset + t.buf.length === data.byteOffset) {
        // The usual case: this read landed right after the last one in the same slab.
        data = Buffer.from(data.buffer, t.buf.byteOffset, t.buf.length + data.length);
      } else {
        // A new slab (or chunk framing in between): the cut packet is completed in a copy of its own.
        const need = TS - t.buf.length;
        if (data.length < need) {
          this.tail = { buf: Buffer.concat([t.buf, data]), slab: null };
          t.slab?.release();
          return;
        }
        this.store(Buffer.concat([t.buf, data.subarray(0, need)]), null);
        data = data.subarray(need);
      }
      this.tail = null;
      t.slab?.release();
    }
    const whole = data.length - (data.length % TS);
    if (whole < data.length) {
      slab?.retain();
      this.tail = { buf: data.subarray(whole), slab };
    }
    if (whole > 0) this.store(data.subarray(0, whole), slab);
    if (this.nextSeq === 0) return;
    this.resolveFirst(true);
    for (const v of this.viewers) this.pump(v);
  }

  private store(buf: Buffer, slab: Slab | null) {
    slab?.retain();
    this.chunks.set(this.nextSeq++, { buf, start: this.pushedBytes, slab });
    this.pushedBytes += buf.length;
    this.ringBytes += buf.length;
    this.measureRate(buf.length);
    while (this.ringBytes > this.ringCap && this.oldestSeq < this.nextSeq - 1) {
      const evicted = this.chunks.get(this.oldestSeq)!;
      this.ringBytes -= evicted.buf.length;
      evicted.slab?.release();
      this.chunks.delete(this.oldestSeq++);
    }
  }

  /** Once a second: the channel's rate, and the ring sized to RING_SECONDS of it. */
  private measureRate(n: number) {
    const r = this.rate;
    r.bytes += n;
    const now = performance.now();
    if (r.at === 0) r.at = now;
    if (now - r.at < 1000) return;
    const perSecond = (r.bytes * 1000) / (now - r.at);
    r.perSecond = r.perSecond === 0 ? perSecond : r.perSecond * 0.7 + perSecond * 0.3;
    r.at = now;
    r.bytes = 0;
    this.ringCap = Math.min(MAX_RING_BYTES, Math.max(MIN_RING_BYTES, RING_SECONDS * r.perSecond));
  }

  private dropTail() {
    this.tail?.slab?.release();
    this.tail = null;
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
      const at = this.chunks.get(v.nextSeq)?.start ?? this.pushedBytes;
      leastBehind = Math.min(leastBehind, this.pushedBytes - at);
    }
    return leastBehind >= Math.min(READ_AHEAD_BYTES, this.ringCap / 2);
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
    while (v.nextSeq < this.nextSeq) {
      if (v.nextSeq < this.oldestSeq) {
        // Fell out of the ring: skip ahead to live, or give up on a viewer that cannot keep up.
        if (++v.skips > MAX_SKIPS) {
          v.res.destroy();
          this.leave(v);
          return;
        }
        v.nextSeq = this.joinSeq();
      }
      const { buf: out, slab } = this.chunks.get(v.nextSeq++)!;
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
      const limit = this.nextSeq === 0 ? (opened.ok ? MAX_FAILED_ROUNDS_BEFORE_DATA : 1) : MAX_FAILED_ROUNDS;
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
    this.pending = Buffer.alloc(0);
    this.needsAlign = true;
    this.dropTail(); // the cut packet of the connection that ended will never be completed
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

export function listHubs(): { key: string; viewers: number; upstreamId: string | null; startedAt: number }[] {
  return [...hubs.values()].map((h) => ({ key: h.key, viewers: h.viewerCount, upstreamId: h.upstreamId, startedAt: h.startedAt }));
}

export function closeAllHubs(): void {
  for (const hub of [...hubs.values()]) hub.close();
}
