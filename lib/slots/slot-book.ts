import { EventEmitter } from 'node:events';
import { publishEvent } from '@/lib/monitor/events';
import { canonicalIp } from '@/lib/net/canonical-ip';
import type { LeaseStore } from '@/lib/shared-state/lease-store';

/** A player watching something through the panel: one viewer slot of its account. */
export interface ViewerSession {
  id: number;
  lineId: string;
  line: string;
  publicId: number;
  name: string;
  upstreamId: string | null;
  mode: 'proxy' | 'redirect' | 'direct';
  /** How it plays: a live `.ts` through a hub, a file (ranged requests), or HLS (playlist and segments). */
  format?: 'ts' | 'file' | 'hls';
  clientIp: string;
  startedAt: number;
  lastActivity: number;
  bytes: number;
  /** Ends the viewer's response (kicked, reaped, shut down). */
  close(reason: string): void;
}

export interface LineLimit {
  id: string;
  username: string;
  maxConnections: number;
  onLimit: 'kick_oldest' | 'refuse';
}

/** An upstream account's connection, counted against its limit; release once. */
export interface UpstreamSlot {
  upstreamId: string;
  release(): void;
}

/** Closing and reopening within this window (zapping) never trips a limit. */
export const ZAP_GRACE_MS = 2_000;
const IDLE_MS = 60_000;
// A refused viewer waiting out the grace re-asks Redis at least this often, in case a release
// notice from another replica was lost.
const SHARED_POLL_MS = 250;

const KICKED = 'kicked: newer connection of the same account';
const STOPPED = 'stopped by an admin';
const BANNED = 'client IP banned for the account';

/**
 * The slots of one replica: its own viewer sessions and upstream connections, counted in process,
 * or, with a lease store, counted across every replica through Redis (and in process again
 * whenever Redis does not answer in time).
 */
export class SlotBook {
  private nextId = 1;
  private byLine = new Map<string, Set<ViewerSession>>();
  private all = new Map<number, ViewerSession>();
  private upstreamUsed = new Map<string, number>();
  private released = new EventEmitter();
  private reaper: NodeJS.Timeout | undefined;

  constructor(private readonly leases: LeaseStore | null = null) {
    this.released.setMaxListeners(0);
    leases?.on('kicked', (scope, _id, localId) => {
      const session = scope === 'viewer' ? this.all.get(localId) : undefined;
      if (!session) return;
      this.releaseViewer(session);
      session.close(KICKED);
    });
    leases?.on('stop', (localId) => this.stopViewer(localId));
    leases?.on('stopLine', (lineId, ip) => this.stopLineViewers(lineId, ip));
    leases?.on('changed', (scope, id, change) => {
      if (scope === 'viewer' && change === 'give') this.released.emit('released', id);
    });
  }

  /**
   * Takes a viewer slot of the account before anything is opened. Over the limit, `kick_oldest` ends the
   * account's oldest viewer and `refuse` answers null, after waiting out the zapping grace for a slot.
   */
  async reserveViewer(
    line: LineLimit,
    info: Omit<ViewerSession, 'id' | 'lineId' | 'line' | 'startedAt' | 'lastActivity' | 'bytes'>,
  ): Promise<ViewerSession | null> {
    this.startReaper();
    const id = this.nextId++;
    const deadline = Date.now() + ZAP_GRACE_MS;
    let startedAt = Date.now();
    while (!(await this.takeViewerSlot(line, id, startedAt))) {
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await this.waitForRelease(line.id, this.leases ? Math.min(left, SHARED_POLL_MS) : left);
      startedAt = Date.now();
    }
    const session: ViewerSession = { ...info, id, lineId: line.id, line: line.username, startedAt, lastActivity: startedAt, bytes: 0 };
    if (!this.byLine.has(line.id)) this.byLine.set(line.id, new Set());
    this.byLine.get(line.id)!.add(session);
    this.all.set(session.id, session);
    publishEvent({ type: 'connection', event: 'open', line: line.username, publicId: info.publicId, mode: info.mode });
    return session;
  }

  /** Gives the slot back; safe to call more than once. */
  releaseViewer(session: ViewerSession): void {
    if (!this.all.delete(session.id)) return;
    const set = this.byLine.get(session.lineId);
    set?.delete(session);
    if (set && set.size === 0) this.byLine.delete(session.lineId);
    // With leases, a waiter here may retry only once Redis has the slot back.
    const given = this.leases?.give('viewer', session.lineId, this.leases.member(session.startedAt, session.id));
    if (given) void given.then(() => this.released.emit('released', session.lineId));
    else this.released.emit('released', session.lineId);
    publishEvent({ type: 'connection', event: 'close', line: session.line, publicId: session.publicId, bytes: session.bytes });
  }

  /** Ends one of this replica's viewers and frees its slot at once; false when it is not here (any more). */
  stopViewer(localId: number): boolean {
    const session = this.all.get(localId);
    if (!session) return false;
    this.releaseViewer(session);
    session.close(STOPPED);
    return true;
  }

  /** Ends this replica's viewers of the account, only those from `ip` (canonical) when given; how many there were. */
  stopLineViewers(lineId: string, ip?: string): number {
    const sessions = [...(this.byLine.get(lineId) ?? [])].filter((s) => ip === undefined || canonicalIp(s.clientIp) === ip);
    for (const session of sessions) {
      this.releaseViewer(session);
      session.close(ip === undefined ? STOPPED : BANNED);
    }
    return sessions.length;
  }

  /** The account's viewers: across replicas as last reported by Redis, never fewer than this replica's. */
  activeConnections(lineId: string): number {
    const here = this.byLine.get(lineId)?.size ?? 0;
    return this.leases ? Math.max(here, this.leases.seenCount('viewer', lineId)) : here;
  }

  /** This replica's viewers. */
  listViewers(): ViewerSession[] {
    return [...this.all.values()];
  }

  /** Takes an upstream connection slot, or null when the account is at its limit (null max = unknown: no limit). */
  async acquireUpstreamSlot(upstreamId: string, max: number | null): Promise<UpstreamSlot | null> {
    const limit = max !== null && max > 0 ? max : 0;
    const member = this.leases?.member(Date.now(), this.nextId++);
    const taken = member ? await this.leases!.take('upstream', upstreamId, member, limit, false) : undefined;
    if (taken?.status === 'full') return null;
    const used = this.upstreamUsed.get(upstreamId) ?? 0;
    if (taken?.status !== 'granted' && limit > 0 && used >= limit) return null;
    if (member && taken?.status === 'unavailable') this.leases!.adopt('upstream', upstreamId, member);
    this.upstreamUsed.set(upstreamId, used + 1);
    let released = false;
    return {
      upstreamId,
      release: () => {
        if (released) return;
        released = true;
        const n = (this.upstreamUsed.get(upstreamId) ?? 1) - 1;
        if (n > 0) this.upstreamUsed.set(upstreamId, n);
        else this.upstreamUsed.delete(upstreamId);
        if (member) void this.leases!.give('upstream', upstreamId, member);
      },
    };
  }

  /** Upstream connections per upstream account: across replicas as last reported, never fewer than here. */
  upstreamSlotsInUse(): Map<string, number> {
    const used = new Map(this.upstreamUsed);
    if (!this.leases) return used;
    for (const [id, n] of this.leases.seenCounts('upstream')) used.set(id, Math.max(n, used.get(id) ?? 0));
    for (const [id, n] of used) if (n === 0) used.delete(id);
    return used;
  }

  /** Ends every local session's reaper timer (tests). */
  stop(): void {
    if (this.reaper) clearInterval(this.reaper);
    this.reaper = undefined;
  }

  private async takeViewerSlot(line: LineLimit, id: number, startedAt: number): Promise<boolean> {
    const kickOldest = line.onLimit === 'kick_oldest';
    if (this.leases) {
      const member = this.leases.member(startedAt, id);
      const taken = await this.leases.take('viewer', line.id, member, line.maxConnections, kickOldest);
      if (taken.status !== 'unavailable') return taken.status === 'granted';
      if (!this.takeLocalViewerSlot(line, kickOldest)) return false;
      this.leases.adopt('viewer', line.id, member);
      return true;
    }
    return this.takeLocalViewerSlot(line, kickOldest);
  }

  private takeLocalViewerSlot(line: LineLimit, kickOldest: boolean): boolean {
    const sessions = () => this.byLine.get(line.id) ?? new Set<ViewerSession>();
    while (line.maxConnections > 0 && sessions().size >= line.maxConnections) {
      if (!kickOldest) return false;
      const oldest = [...sessions()].sort((a, b) => a.startedAt - b.startedAt)[0];
      this.releaseViewer(oldest);
      oldest.close(KICKED);
    }
    return true;
  }

  private waitForRelease(lineId: string, ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (id: string) => {
        if (id !== lineId) return;
        clearTimeout(timer);
        this.released.off('released', done);
        resolve();
      };
      const timer = setTimeout(() => {
        this.released.off('released', done);
        resolve();
      }, ms);
      this.released.on('released', done);
    });
  }

  private startReaper() {
    if (this.reaper) return;
    // Sessions whose socket went quiet without closing (a vanished client) give their slot back.
    this.reaper = setInterval(() => {
      const now = Date.now();
      for (const s of this.all.values()) if (now - s.lastActivity > IDLE_MS) s.close('idle');
    }, 10_000);
    this.reaper.unref();
  }
}
