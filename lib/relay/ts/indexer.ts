import { NalScanner, pesHeader } from './keyframe';
import { pcrOf, payloadStart, randomAccess, TS_PACKET, unitStart } from './packets';
import { pmtPidFromPat, programMapFrom, type ProgramMap } from './psi';

/** A random-access point: the offset of the TS packet where the key frame's PES begins, and its PTS. */
export interface RandomAccessPoint {
  offset: number;
  pts: number | null;
}

/** How many packets of a video PES are searched for its key-frame NAL (SEI and AUD come first). */
const SCAN_PACKETS = 32;

/**
 * Follows a live TS as its packets arrive (whole packets, with their offset in the stream): keeps the
 * latest PAT and PMT packets (what a joining viewer gets first), and reports each random-access point
 * (adaptation-field random_access_indicator or an H.264/H.265 key-frame NAL at the start of a video
 * PES). Cost: a PID lookup per packet, and a byte scan of the first packets of each video PES.
 */
export class TsIndexer {
  private pmtPid: number | null = null;
  private map: ProgramMap | null = null;
  private pat: Buffer | null = null;
  private pmt: Buffer | null = null;
  private scanner: NalScanner | null = null;
  /** The video PES being searched for a key frame: where it began, its PTS, packets left to search. */
  private pes: { offset: number; pts: number | null; left: number } | null = null;
  /** The latest PCR (90 kHz base) and the latest video PTS seen. */
  lastPcr: number | null = null;
  lastPts: number | null = null;

  constructor(private onRap: (rap: RandomAccessPoint) => void) {}

  /** PAT then PMT, copied, once both are known: a decoder's first packets. */
  get header(): Buffer | null {
    return this.pat && this.pmt ? Buffer.concat([this.pat, this.pmt]) : null;
  }

  get program(): ProgramMap | null {
    return this.map;
  }

  /** A new connection: the stream may be another one (a failover source); key frames are sought afresh. */
  restart(): void {
    this.pes = null;
    this.scanner?.reset();
  }

  /** `buf` holds whole packets; `offset` is the stream offset of its first byte. */
  feed(buf: Buffer, offset: number): void {
    // The hot loop of every live hub: PIDs are read inline and the constants are locals (a module
    // binding read through a loader's getter is not inlined); a packet on another PID costs two byte
    // reads and a few compares.
    const size = 188;
    const end = buf.length - size;
    let pmtPid = this.pmtPid ?? -1;
    for (let at = 0; at <= end; at += size) {
      const pid = ((buf[at + 1] & 0x1f) << 8) | buf[at + 2];
      if (pid === 0) {
        this.readPat(buf, at);
        pmtPid = this.pmtPid ?? -1;
      } else if (pid === pmtPid) this.readPmt(buf, at);
      const map = this.map;
      if (map === null || (pid !== map.pcrPid && pid !== map.videoPid)) continue;
      if (pid === map.pcrPid) {
        const pcr = pcrOf(buf, at);
        if (pcr !== null) this.lastPcr = pcr;
      }
      if (pid === map.videoPid) this.readVideo(buf, at, offset + at);
    }
  }

  private readPat(buf: Buffer, at: number) {
    const pmtPid = pmtPidFromPat(buf, at);
    if (pmtPid === null) return;
    if (pmtPid !== this.pmtPid) {
      this.pmtPid = pmtPid;
      this.map = null;
      this.pmt = null;
    }
    this.pat = Buffer.from(buf.subarray(at, at + TS_PACKET));
  }

  private readPmt(buf: Buffer, at: number) {
    const map = programMapFrom(buf, at, this.pmtPid!);
    if (!map) return;
    if (!this.map || map.videoPid !== this.map.videoPid || map.videoCodec !== this.map.videoCodec) {
      this.scanner = map.videoCodec ? new NalScanner(map.videoCodec) : null;
      this.pes = null;
    }
    this.map = map;
    this.pmt = Buffer.from(buf.subarray(at, at + TS_PACKET));
  }

  private readVideo(buf: Buffer, at: number, offset: number) {
    const p = payloadStart(buf, at);
    if (unitStart(buf, at)) {
      const header = p < 0 ? null : pesHeader(buf, at + p, at + TS_PACKET);
      const pts = header?.pts ?? null;
      if (pts !== null) this.lastPts = pts;
      if (randomAccess(buf, at)) {
        this.pes = null;
        this.onRap({ offset, pts });
        return;
      }
      if (!header || !this.scanner) {
        this.pes = null;
        return;
      }
      this.pes = { offset, pts, left: SCAN_PACKETS };
      this.scanner.reset();
      this.scan(buf, header.dataAt, at + TS_PACKET);
      return;
    }
    if (this.pes && p >= 0) this.scan(buf, at + p, at + TS_PACKET);
  }

  private scan(buf: Buffer, start: number, end: number) {
    const pes = this.pes!;
    const verdict = this.scanner!.feed(buf, start, end);
    if (verdict === 'key') {
      this.pes = null;
      this.onRap({ offset: pes.offset, pts: pes.pts });
    } else if (verdict === 'not-key' || --pes.left <= 0) this.pes = null;
  }
}
