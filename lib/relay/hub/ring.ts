import type { Slab } from '@/lib/relay/slab-pool';
import { TsIndexer, type RandomAccessPoint } from '@/lib/relay/ts/indexer';
import { TS_PACKET } from '@/lib/relay/ts/packets';

/**
 * The ring holds this many seconds of the channel at its measured rate, between a floor and a ceiling:
 * a fixed 4 MB cost every SD channel as much memory as a fast HD one.
 */
const RING_SECONDS = 6;
const MIN_RING_BYTES = 1536 * 1024;
export const MAX_RING_BYTES = 4 * 1024 * 1024;
/** How far back in the ring a new viewer starts without a key frame to start at (at most a third of the ring). */
const JOIN_BACK_BYTES = 1024 * 1024;
/** Random-access points remembered (for HLS segments seeded from the ring). */
const RAP_HISTORY = 32;

export interface RingChunk {
  buf: Buffer;
  /** Stream offset of its first byte (bytes pushed since the hub started). */
  start: number;
  slab: Slab | null;
}

/**
 * A live hub's ring of upstream chunks, each whole TS packets (so a viewer that starts or skips ahead
 * at a chunk never gets a cut packet), kept as received where possible: no copies, each holds a
 * reference on its slab. Every stored chunk passes the TS indexer, so the ring knows the PAT/PMT and
 * its latest random-access point (fast start), and `onStored` hears of each chunk with the points in it.
 */
export class ChunkRing {
  private chunks = new Map<number, RingChunk>();
  /** The bytes of a packet cut by the end of the last read, kept until the rest arrives. */
  private tail: { buf: Buffer; slab: Slab | null } | null = null;
  /** Bytes of an unaligned connection start kept until a sync byte is confirmed. */
  private pending: Buffer = Buffer.alloc(0);
  private needsAlign = true;
  private ringBytes = 0;
  private rate = { at: 0, bytes: 0, perSecond: 0 };
  private index = new TsIndexer((rap) => this.raps.push(rap));
  /** Points found in the chunk being stored. */
  private raps: RandomAccessPoint[] = [];
  private rapHistory: RandomAccessPoint[] = [];
  /** Stream offset of the latest random-access point: where a joining viewer begins. */
  private latestRap: number | null = null;
  /** Bytes pushed into the ring since the hub started. */
  pushedBytes = 0;
  oldestSeq = 0;
  nextSeq = 0;
  cap = MAX_RING_BYTES;

  constructor(private onStored: (buf: Buffer, start: number, raps: readonly RandomAccessPoint[]) => void) {}

  get bytes(): number {
    return this.ringBytes + (this.tail?.buf.length ?? 0);
  }

  /** PAT then PMT (copies), once known. */
  get header(): Buffer | null {
    return this.index.header;
  }

  get lastPcr(): number | null {
    return this.index.lastPcr;
  }

  chunk(seq: number): RingChunk | undefined {
    return this.chunks.get(seq);
  }

  /** Adds upstream bytes: aligned to packets after a (re)connect, cut packets completed by the next read. */
  push(chunk: Buffer, slab: Slab | null): void {
    let data = chunk;
    if (this.needsAlign) {
      // After a (re)connect, start at a sync byte that the next packet confirms.
      if (this.pending.length) {
        data = Buffer.concat([this.pending, chunk]);
        slab = null;
      }
      let start = data.indexOf(0x47);
      while (start >= 0 && start + TS_PACKET < data.length && data[start + TS_PACKET] !== 0x47) start = data.indexOf(0x47, start + 1);
      if (start < 0 || start + TS_PACKET >= data.length) {
        this.pending = data.length > 64 * TS_PACKET ? Buffer.alloc(0) : Buffer.from(data);
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
        const need = TS_PACKET - t.buf.length;
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
    const whole = data.length - (data.length % TS_PACKET);
    if (whole < data.length) {
      slab?.retain();
      this.tail = { buf: data.subarray(whole), slab };
    }
    if (whole > 0) this.store(data.subarray(0, whole), slab);
  }

  private store(buf: Buffer, slab: Slab | null) {
    slab?.retain();
    const start = this.pushedBytes;
    this.index.feed(buf, start);
    if (this.raps.length > 0) {
      this.latestRap = this.raps[this.raps.length - 1].offset;
      this.rapHistory.push(...this.raps);
      if (this.rapHistory.length > RAP_HISTORY) this.rapHistory.splice(0, this.rapHistory.length - RAP_HISTORY);
    }
    const raps = this.raps;
    this.raps = [];
    this.onStored(buf, start, raps);
    this.chunks.set(this.nextSeq++, { buf, start, slab });
    this.pushedBytes += buf.length;
    this.ringBytes += buf.length;
    this.measureRate(buf.length);
    while (this.ringBytes > this.cap && this.oldestSeq < this.nextSeq - 1) {
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
    this.cap = Math.min(MAX_RING_BYTES, Math.max(MIN_RING_BYTES, RING_SECONDS * r.perSecond));
  }

  /** A little behind live at a chunk: where a viewer starts (or skips to) without fast start. */
  joinSeq(): number {
    let seq = this.nextSeq;
    let bytes = 0;
    const back = Math.min(JOIN_BACK_BYTES, this.cap / 3);
    while (seq > this.oldestSeq && bytes < back) {
      seq -= 1;
      bytes += this.chunks.get(seq)?.buf.length ?? 0;
    }
    return seq;
  }

  /**
   * Where a joining viewer starts when the ring holds a random-access point and the PAT/PMT are known:
   * those two packets, then the ring from that point (a copy of one chunk's tail); null otherwise.
   */
  fastStart(): { first: Buffer; nextSeq: number } | null {
    const header = this.index.header;
    if (this.latestRap === null || !header) return null;
    for (let seq = this.nextSeq - 1; seq >= this.oldestSeq; seq--) {
      const c = this.chunks.get(seq)!;
      if (c.start > this.latestRap) continue;
      if (this.latestRap >= c.start + c.buf.length) return null;
      return { first: Buffer.concat([header, c.buf.subarray(this.latestRap - c.start)]), nextSeq: seq + 1 };
    }
    return null;
  }

  /** Every chunk still in the ring with the random-access points in it, oldest first. */
  replay(visit: (buf: Buffer, start: number, raps: readonly RandomAccessPoint[]) => void): void {
    for (let seq = this.oldestSeq; seq < this.nextSeq; seq++) {
      const c = this.chunks.get(seq)!;
      visit(c.buf, c.start, this.rapHistory.filter((r) => r.offset >= c.start && r.offset < c.start + c.buf.length));
    }
  }

  /** The connection ended: its cut packet is never completed; the next one is aligned afresh. */
  restart(): void {
    this.pending = Buffer.alloc(0);
    this.needsAlign = true;
    this.dropTail();
    this.index.restart();
  }

  /** Releases every slab (the hub closed). */
  clear(): void {
    for (const c of this.chunks.values()) c.slab?.release();
    this.chunks.clear();
    this.dropTail();
  }

  private dropTail() {
    this.tail?.slab?.release();
    this.tail = null;
  }
}
