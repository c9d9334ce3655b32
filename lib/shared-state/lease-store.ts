import { EventEmitter } from 'node:events';
import { countLeases, giveLease, refreshLeases, takeLease } from './lease-scripts';
import type { Notice } from './notices';
import { isNoScript } from './script';
import type { SharedState } from './shared-state';

/** Viewer slots are counted per player account (line id), upstream slots per upstream account. */
export type LeaseScope = 'viewer' | 'upstream';

export type TakeResult =
  | { status: 'granted'; count: number }
  | { status: 'full'; count: number }
  /** Redis did not answer in time: the caller counts in process (fail open). */
  | { status: 'unavailable' };

export interface LeaseStoreOptions {
  /** How long a lease lives without a refresh: a crashed replica's slots come back after this. */
  leaseMs?: number;
  /** How often this replica extends its live leases (all of them, one pipeline). */
  refreshMs?: number;
}

interface LeaseStoreEvents {
  /** One of this replica's leases was taken away by another replica's kick_oldest. */
  kicked: [scope: LeaseScope, id: string, localId: number];
  /** The holder count of an account changed somewhere (`give`: a slot came free). */
  changed: [scope: LeaseScope, id: string, change: 'take' | 'give'];
  /** An admin on some replica stopped one of this replica's viewers. */
  stop: [localId: number];
  /** An admin stopped an account's viewers (those from `ip` when given: a ban), on every replica. */
  stopLine: [lineId: string, ip: string | undefined];
}

/**
 * Connection slots shared by every replica, as leases in Redis. The caller keeps its own sessions;
 * this store keeps which leases this replica holds, refreshes them, and relays what other
 * replicas did (kicks, releases, counts) as events.
 */
export class LeaseStore extends EventEmitter<LeaseStoreEvents> {
  readonly leaseMs: number;
  readonly refreshMs: number;
  /** This replica's live leases: members by lease key. */
  private held = new Map<string, { scope: LeaseScope; id: string; members: Set<string> }>();
  private seen = new Map<string, { n: number; at: number }>();
  private timer: NodeJS.Timeout | undefined;
  private readonly stopListening: () => void;

  constructor(
    private readonly shared: SharedState,
    opts: LeaseStoreOptions = {},
  ) {
    super();
    this.setMaxListeners(0);
    this.leaseMs = opts.leaseMs ?? 30_000;
    this.refreshMs = opts.refreshMs ?? Math.floor(this.leaseMs / 3);
    this.stopListening = shared.bus.on((notice) => this.onNotice(notice));
  }

  /** A lease member: startedAt first (zero-padded), so members sort by age. */
  member(startedAt: number, localId: number): string {
    return `${String(startedAt).padStart(15, '0')}|${this.shared.replicaId}|${localId}`;
  }

  async take(scope: LeaseScope, id: string, member: string, max: number, kickOldest: boolean): Promise<TakeResult> {
    const key = this.key(scope, id);
    const args = [member, Math.max(0, max), this.leaseMs, kickOldest ? 1 : 0, this.shared.bus.channel, scope, id];
    const reply = await this.shared.attempt((r) => takeLease.run(r, [key], args));
    if (!Array.isArray(reply)) return { status: 'unavailable' };
    const [granted, count, ...kicked] = reply.map(String);
    this.see(key, Number(count));
    if (granted !== '1') return { status: 'full', count: Number(count) };
    this.hold(key, scope, id, member);
    // Our own kicked sessions close now; the notice that also reaches us finds them gone.
    for (const m of kicked) this.kickIfOurs(scope, id, m);
    return { status: 'granted', count: Number(count) };
  }

  /** Asks every replica to close the account's viewers, those from `ip` only when given (a ban). */
  requestStopLine(lineId: string, ip?: string): Promise<void> {
    return this.shared.bus.publish({ t: 'stop-line', lineId, ...(ip ? { ip } : {}) });
  }

  /** Asks the replica that holds a viewer to close it (an admin's stop, made on another replica). */
  requestStop(replica: string, localId: number): Promise<void> {
    return this.shared.bus.publish({ t: 'stop', replica, viewer: localId });
  }

  /** Gives a lease back. Resolves when Redis answered or gave up; callers need not wait. */
  async give(scope: LeaseScope, id: string, member: string): Promise<void> {
    const key = this.key(scope, id);
    this.unhold(key, member);
    const n = await this.shared.attempt((r) => giveLease.run(r, [key], [member, this.shared.bus.channel, scope, id]));
    if (n !== undefined) this.see(key, Number(n));
  }

  /** A slot granted in process while Redis was away: its lease is written by the next refresh. */
  adopt(scope: LeaseScope, id: string, member: string): void {
    this.hold(this.key(scope, id), scope, id, member);
  }

  /**
   * The holder count last reported for an account (any replica). Every take, give and kick reports
   * one, and so does a refresh that finds a dead replica's leases expired.
   */
  seenCount(scope: LeaseScope, id: string): number {
    return this.seen.get(this.key(scope, id))?.n ?? 0;
  }

  /** Every account's last reported holder count, by account id. */
  seenCounts(scope: LeaseScope): Map<string, number> {
    const head = this.key(scope, '');
    const out = new Map<string, number>();
    for (const [key, s] of this.seen) if (key.startsWith(head) && s.n > 0) out.set(key.slice(head.length), s.n);
    return out;
  }

  /** Every account's live lease count across replicas; undefined when Redis is away. */
  async totals(scope: LeaseScope): Promise<Map<string, number> | undefined> {
    const head = this.key(scope, '');
    return this.shared.attempt(async (r) => {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await r.scan(cursor, 'MATCH', `${escapeGlob(head)}*`, 'COUNT', 500);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== '0' && keys.length < 10_000);
      const counts = await Promise.all(keys.map((key) => countLeases.run(r, [key], [])));
      const out = new Map<string, number>();
      keys.forEach((key, i) => {
        const n = Number(counts[i]);
        if (n > 0) out.set(key.slice(head.length), n);
      });
      return out;
    });
  }

  /** Extends every lease this replica holds, in one pipeline. Runs on a timer from the first lease on. */
  async refresh(retry = true): Promise<void> {
    const entries = [...this.held.entries()];
    if (entries.length === 0) return;
    const results = await this.shared.attempt((r) => {
      const pipeline = r.pipeline();
      for (const [key, { scope, id, members }] of entries) {
        refreshLeases.queue(pipeline, [key], [this.leaseMs, this.shared.bus.channel, scope, id, ...members]);
      }
      return pipeline.exec();
    });
    if (!results) return;
    results.forEach(([err, n], i) => {
      if (!err) this.see(entries[i][0], Number(n));
    });
    // A restarted Redis has forgotten the script (and the leases): load it and write them again now.
    if (retry && results.some(([err]) => isNoScript(err))) {
      await this.shared.attempt((r) => refreshLeases.load(r));
      await this.refresh(false);
    }
  }

  /**
   * Gives back every lease this replica holds, in one pipeline, and stops refreshing: a stopping
   * process frees its viewers' slots at once instead of leaving them to expire.
   */
  async releaseAll(): Promise<number> {
    const entries = [...this.held.entries()];
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.held.clear();
    const members = entries.flatMap(([key, { scope, id, members }]) => [...members].map((m) => ({ key, scope, id, m })));
    if (members.length === 0) return 0;
    await this.shared.attempt((r) => {
      const pipeline = r.pipeline();
      for (const { key, scope, id, m } of members) giveLease.queue(pipeline, [key], [m, this.shared.bus.channel, scope, id]);
      return pipeline.exec();
    });
    return members.length;
  }

  /** Stops refreshing and listening (tests; a stopping process calls releaseAll first). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.stopListening();
  }

  private key(scope: LeaseScope, id: string): string {
    return this.shared.key('lease', scope, id);
  }

  private hold(key: string, scope: LeaseScope, id: string, member: string) {
    let entry = this.held.get(key);
    if (!entry) this.held.set(key, (entry = { scope, id, members: new Set() }));
    entry.members.add(member);
    if (!this.timer) {
      this.timer = setInterval(() => void this.refresh(), this.refreshMs);
      this.timer.unref();
    }
  }

  private unhold(key: string, member: string): boolean {
    const entry = this.held.get(key);
    if (!entry?.members.delete(member)) return false;
    if (entry.members.size === 0) this.held.delete(key);
    return true;
  }

  private see(key: string, n: number) {
    if (!Number.isFinite(n)) return;
    const now = Date.now();
    this.seen.set(key, { n, at: now });
    if (this.seen.size > 10_000) for (const [k, s] of this.seen) if (s.n === 0 || now - s.at > 3_600_000) this.seen.delete(k);
  }

  private kickIfOurs(scope: LeaseScope, id: string, member: string) {
    const [, replica, local] = member.split('|');
    if (replica !== this.shared.replicaId || !this.unhold(this.key(scope, id), member)) return;
    this.emit('kicked', scope, id, Number(local));
  }

  private onNotice(notice: Notice) {
    if (notice.t === 'kick') this.kickIfOurs(notice.scope, notice.id, notice.member);
    else if (notice.t === 'stop') {
      if (notice.replica === this.shared.replicaId) this.emit('stop', notice.viewer);
    }
    else if (notice.t === 'stop-line') this.emit('stopLine', notice.lineId, notice.ip);
    else if (notice.t === 'lease') {
      this.see(this.key(notice.scope, notice.id), notice.n);
      this.emit('changed', notice.scope, notice.id, notice.change);
    }
  }
}

const escapeGlob = (s: string) => s.replace(/[*?[\]\\]/g, '\\$&');
