import { CLOCK_HZ, clockDiff } from '@/lib/relay/ts/packets';
import type { RandomAccessPoint } from '@/lib/relay/ts/indexer';

/** Segments are cut at the first key frame at least this long after the segment's own. */
export const HLS_TARGET_S = 4;
/** Segments kept in memory, and how many of the newest the playlist lists (the rest serve late fetches). */
export const HLS_KEEP = 6;
export const HLS_LISTED = 5;
/**
 * Kept segments never hold more than this together (the oldest go first, the newest two stay).
 * With the open segment (at most FORCE_CUT_BYTES plus one read) and the hub's ring (at most 4 MB), an
 * HLS channel holds under 36 MB whatever its bit rate: 4 s segments up to 20 Mbit/s, shorter above.
 */
export const HLS_MAX_BYTES = 20 * 1024 * 1024;
/** Without a key frame for this long (or this many bytes) a segment is cut where the data is. */
const FORCE_CUT_S = 3 * HLS_TARGET_S;
export const FORCE_CUT_BYTES = 10 * 1024 * 1024;

export interface HlsSegment {
  seq: number;
  durationS: number;
  data: Buffer;
  /** The first segment after a source restart: its timestamps do not follow the previous one's. */
  discontinuity: boolean;
}

interface OpenSegment {
  start: number;
  parts: Buffer[];
  bytes: number;
  header: Buffer | null;
  clock: number | null;
  openedAt: number;
  discontinuity: boolean;
}

/**
 * Cuts a live TS into HLS segments as it arrives (fed whole packets with their stream offsets and the
 * random-access points found in them): each segment begins at a key frame with the PAT and PMT in
 * front, lasts about HLS_TARGET_S by the video clock, and is kept in memory (a copy, never a view of
 * the ring's slabs) for every HLS viewer of the channel.
 */
export class HlsSegmenter {
  private segments: HlsSegment[] = [];
  private open: OpenSegment | null = null;
  private nextSeq = 0;
  private pendingDiscontinuity = false;
  /** Discontinuities that left the window (EXT-X-DISCONTINUITY-SEQUENCE). */
  private droppedDiscontinuities = 0;
  private waitingSince = performance.now();
  private waiters: (() => void)[] = [];

  constructor(private header: () => Buffer | null) {}

  get keptBytes(): number {
    return this.segments.reduce((n, s) => n + s.data.length, 0) + (this.open?.bytes ?? 0);
  }

  get count(): number {
    return this.segments.length;
  }

  segment(seq: number): HlsSegment | null {
    return this.segments.find((s) => s.seq === seq) ?? null;
  }

  /** Resolves once a segment can be listed (or after `ms`); true when one can. */
  ready(ms: number): Promise<boolean> {
    if (this.segments.length > 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve(this.segments.length > 0);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        done();
      }, ms);
      this.waiters.push(done);
    });
  }

  /** Wakes every waiter (the hub closed). */
  stop(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** `buf`: whole packets at stream offset `start`; `raps`: the random-access points the indexer found in them. */
  push(buf: Buffer, start: number, raps: readonly RandomAccessPoint[], clock: () => number | null): void {
    if (this.open) this.append(buf, start);
    for (const rap of raps) this.atRap(rap, buf, start, clock);
    const o = this.open;
    const now = performance.now();
    if (!o) {
      // No key frame found for long (a codec the indexer does not know): begin where the data is.
      if (now - this.waitingSince > FORCE_CUT_S * 1000) this.begin(start + buf.length, null);
      return;
    }
    if (o.bytes >= FORCE_CUT_BYTES || now - o.openedAt > FORCE_CUT_S * 1000) {
      this.finish(start + buf.length, (now - o.openedAt) / 1000);
      this.begin(start + buf.length, clock());
    }
  }

  /** The source connection ended: the partial segment is dropped; the next begins at a key frame, marked discontinuous. */
  restart(): void {
    this.open = null;
    this.pendingDiscontinuity = true;
    this.waitingSince = performance.now();
  }

  playlist(segmentUrl: (seq: number) => string): string {
    const listed = this.segments.slice(-HLS_LISTED);
    const first = listed[0]?.seq ?? this.nextSeq;
    const skipped = this.segments.slice(0, this.segments.length - listed.length).filter((s) => s.discontinuity).length;
    const target = Math.max(1, ...listed.map((s) => Math.ceil(s.durationS)));
    const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${target}`, `#EXT-X-MEDIA-SEQUENCE:${first}`, `#EXT-X-DISCONTINUITY-SEQUENCE:${this.droppedDiscontinuities + skipped}`];
    for (const s of listed) {
      if (s.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
      lines.push(`#EXTINF:${s.durationS.toFixed(3)},`, segmentUrl(s.seq));
    }
    return `${lines.join('\n')}\n`;
  }

  private atRap(rap: RandomAccessPoint, buf: Buffer, start: number, clock: () => number | null) {
    const at = rap.pts ?? clock();
    const o = this.open;
    if (!o) {
      // The first key frame (of this connection): the segment begins with it.
      if (rap.offset >= start) this.begin(rap.offset, at, buf.subarray(rap.offset - start));
      return;
    }
    if (rap.offset <= o.start) return;
    const elapsed = at !== null && o.clock !== null ? clockDiff(at, o.clock) / CLOCK_HZ : (performance.now() - o.openedAt) / 1000;
    if (elapsed < 0 || elapsed > FORCE_CUT_S * 2) {
      // The clock jumped (a new source behind the same connection): cut here, the next is discontinuous.
      this.finish(rap.offset, (performance.now() - o.openedAt) / 1000);
      this.pendingDiscontinuity = true;
      this.begin(rap.offset, at, this.rest);
      return;
    }
    if (elapsed < HLS_TARGET_S - 0.05) return;
    this.finish(rap.offset, elapsed);
    this.begin(rap.offset, at, this.rest);
  }

  /** What `finish` cut off after the segment's end: the next segment's first bytes. */
  private rest: Buffer | undefined;

  private begin(start: number, clock: number | null, first?: Buffer) {
    const data = first ? Buffer.from(first) : undefined;
    this.rest = undefined;
    this.open = {
      start,
      parts: data ? [data] : [],
      bytes: data?.length ?? 0,
      header: this.header(),
      clock,
      openedAt: performance.now(),
      discontinuity: this.pendingDiscontinuity,
    };
    this.pendingDiscontinuity = false;
  }

  private append(buf: Buffer, start: number) {
    const o = this.open!;
    const end = o.start + o.bytes;
    if (start + buf.length <= end) return;
    const piece = Buffer.from(start >= end ? buf : buf.subarray(end - start));
    o.parts.push(piece);
    o.bytes += piece.length;
  }

  /** Closes the open segment at stream offset `end` (bytes after it are kept in `rest`). */
  private finish(end: number, durationS: number) {
    const o = this.open!;
    this.open = null;
    const all = o.parts.length === 1 ? o.parts[0] : Buffer.concat(o.parts, o.bytes);
    const cut = Math.max(0, Math.min(all.length, end - o.start));
    this.rest = all.subarray(cut);
    if (cut === 0) return;
    const body = all.subarray(0, cut);
    const data = o.header ? Buffer.concat([o.header, body]) : Buffer.from(body);
    this.segments.push({ seq: this.nextSeq++, durationS: Math.max(0.001, durationS), data, discontinuity: o.discontinuity });
    let bytes = this.segments.reduce((n, s) => n + s.data.length, 0);
    while (this.segments.length > HLS_KEEP || (bytes > HLS_MAX_BYTES && this.segments.length > 2)) {
      const dropped = this.segments.shift()!;
      bytes -= dropped.data.length;
      if (dropped.discontinuity) this.droppedDiscontinuities += 1;
    }
    for (const w of this.waiters.splice(0)) w();
  }
}
