import { logger } from '@/lib/monitor/logger';
import type { UpstreamAttempt } from '@/lib/monitor/request-outcome';
import type { RouteSource } from '@/lib/routing/types';
import type { UpstreamSlot } from '@/lib/slots/slots';
import { openFirstSource } from '@/lib/relay/failover';
import { openLiveSource, type LiveSource } from '@/lib/relay/live-source';
import type { Slab } from '@/lib/relay/slab-pool';
import { policyFor } from '@/lib/net/ssrf-guard';

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

/** What the source loop needs of its live hub. */
export interface SourceLoopHost {
  readonly key: string;
  readonly closed: boolean;
  readonly viewerCount: number;
  /** The ring holds data (a viewer could be answered). */
  readonly hasData: boolean;
  push(chunk: Buffer, slab: Slab | null): void;
  /** True while the upstream should not be read (every viewer full and far enough behind). */
  shouldPause(): boolean;
  /** A connection now feeds the hub. */
  connected(upstreamId: string | null): void;
  /** The connection ended or stalled (a cut packet is never completed). */
  disconnected(): void;
  /** Every source failed too often: the hub closes its viewers. */
  giveUp(): void;
}

/**
 * The upstream side of a live hub: one connection at a time, in failover order, with stall detection,
 * back-off and backpressure (reading pauses while `shouldPause`, and goes on at `resume`).
 */
export class SourceLoop {
  private wake?: () => void;
  private drained?: () => void;
  private current?: { abort: () => void; slot: UpstreamSlot | null; source: RouteSource };
  private sourceIndex = 0;
  /** Why the last attempt failed: what viewers still waiting for the first byte are answered. */
  failure: { status: 502 | 503; message: string; attempts: UpstreamAttempt[] } = { status: 502, message: 'no upstream answered', attempts: [] };

  constructor(
    private host: SourceLoopHost,
    private sources: RouteSource[],
  ) {}

  get upstreamId(): string | null {
    return this.current?.source.upstreamId ?? null;
  }

  /** A viewer drained or joined: a paused read may go on. */
  resume(): void {
    this.drained?.();
  }

  /** The hub closed: stop waiting, stop reading. */
  stop(): void {
    this.wake?.();
    this.drained?.();
    this.current?.abort();
  }

  /**
   * The upstream side: connect in failover order and read; when a connection ends or stalls, go on at
   * the next candidate at once if it held up, else count it failed. After a round in which every
   * candidate failed, back off (250 ms doubling to 10 s, with jitter); after MAX_FAILED_ROUNDS the
   * viewers are closed with one log line (a source that answers and ends at once would otherwise be
   * asked thousands of times a second).
   */
  async run() {
    let rounds = 0;
    let tried = 0;
    while (!this.host.closed) {
      const opened = await openFirstSource(this.sources, (source) => this.open(source), {
        from: this.sourceIndex,
        stop: () => this.host.closed,
        onError: (source, err) => logger.warn({ hub: this.host.key, upstreamId: source.upstreamId, err: (err as Error).message }, 'live source failed'),
      });
      if (this.host.closed) {
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
      if (this.host.closed) return;
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
      const limit = !this.host.hasData ? (opened.ok ? MAX_FAILED_ROUNDS_BEFORE_DATA : 1) : MAX_FAILED_ROUNDS;
      if (rounds >= limit) {
        if (limit > 1) {
          logger.warn(
            { hub: this.host.key, rounds, viewers: this.host.viewerCount, upstreamIds: [...new Set(this.sources.map((s) => s.upstreamId))] },
            `live channel given up: every source failed or ended at once ${rounds} rounds in a row; closing its viewers`,
          );
        }
        this.host.giveUp();
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
    this.host.connected(source.upstreamId);
    const openedAt = Date.now();
    let flowing = false;
    let waitingForViewers = false;
    const firstByteMs = Math.min(MAX_FIRST_BYTE_MS, Math.max(MIN_FIRST_BYTE_MS, source.timeoutSeconds * 1000));
    let stall = setTimeout(() => !waitingForViewers && stream.abort(), firstByteMs);
    await new Promise<void>((resolve) => {
      stream.start({
        onData: (chunk, slab) => {
          if (this.host.closed) return false;
          this.host.push(chunk, slab);
          if (flowing) stall.refresh();
          else {
            flowing = true;
            clearTimeout(stall);
            stall = setTimeout(() => !waitingForViewers && stream.abort(), FLOWING_STALL_MS);
          }
          if (!this.host.shouldPause()) return true;
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
    this.host.disconnected();
    const healthy = flowing && Date.now() - openedAt >= HEALTHY_MS;
    if (!this.host.closed) logger.info({ hub: this.host.key, upstreamId: source.upstreamId, healthy }, 'live upstream ended or stalled; reconnecting');
    return healthy;
  }
}
