import { EventEmitter } from 'node:events';
import { publishEvent } from '@/lib/monitor/events';
import { processState } from '@/lib/state';

/** A player watching something through the panel: one viewer slot of its account. */
export interface ViewerSession {
  id: number;
  lineId: string;
  line: string;
  publicId: number;
  name: string;
  upstreamId: string | null;
  mode: 'proxy' | 'redirect' | 'direct';
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

/** Closing and reopening within this window (zapping) never trips a limit. */
export const ZAP_GRACE_MS = 2_000;
const IDLE_MS = 60_000;

const state = processState('relaySlots', () => {
  const s = {
    nextId: 1,
    byLine: new Map<string, Set<ViewerSession>>(),
    all: new Map<number, ViewerSession>(),
    upstreamUsed: new Map<string, number>(),
    released: new EventEmitter(),
    reaper: undefined as NodeJS.Timeout | undefined,
  };
  s.released.setMaxListeners(0);
  return s;
});

function startReaper() {
  if (state.reaper) return;
  // Sessions whose socket went quiet without closing (a vanished client) give their slot back.
  state.reaper = setInterval(() => {
    const now = Date.now();
    for (const s of state.all.values()) if (now - s.lastActivity > IDLE_MS) s.close('idle');
  }, 10_000);
  state.reaper.unref();
}

const waitForRelease = (lineId: string, ms: number) =>
  new Promise<void>((resolve) => {
    const done = (id: string) => {
      if (id !== lineId) return;
      clearTimeout(timer);
      state.released.off('released', done);
      resolve();
    };
    const timer = setTimeout(() => {
      state.released.off('released', done);
      resolve();
    }, ms);
    state.released.on('released', done);
  });

/**
 * Takes a viewer slot of the account before anything is opened. Over the limit, `kick_oldest` ends the
 * account's oldest viewer and `refuse` answers null, after waiting out the zapping grace for a slot.
 */
export async function reserveViewer(
  line: LineLimit,
  info: Omit<ViewerSession, 'id' | 'lineId' | 'line' | 'startedAt' | 'lastActivity' | 'bytes'>,
): Promise<ViewerSession | null> {
  startReaper();
  const sessions = () => state.byLine.get(line.id) ?? new Set<ViewerSession>();
  const deadline = Date.now() + ZAP_GRACE_MS;
  while (line.maxConnections > 0 && sessions().size >= line.maxConnections) {
    if (line.onLimit === 'kick_oldest') {
      const oldest = [...sessions()].sort((a, b) => a.startedAt - b.startedAt)[0];
      releaseViewer(oldest);
      oldest.close('kicked: newer connection of the same account');
      continue;
    }
    const left = deadline - Date.now();
    if (left <= 0) return null;
    await waitForRelease(line.id, left);
  }
  const now = Date.now();
  const session: ViewerSession = { ...info, id: state.nextId++, lineId: line.id, line: line.username, startedAt: now, lastActivity: now, bytes: 0 };
  if (!state.byLine.has(line.id)) state.byLine.set(line.id, new Set());
  state.byLine.get(line.id)!.add(session);
  state.all.set(session.id, session);
  publishEvent({ type: 'connection', event: 'open', line: line.username, publicId: info.publicId, mode: info.mode });
  return session;
}

/** Gives the slot back; safe to call more than once. */
export function releaseViewer(session: ViewerSession): void {
  if (!state.all.delete(session.id)) return;
  const set = state.byLine.get(session.lineId);
  set?.delete(session);
  if (set && set.size === 0) state.byLine.delete(session.lineId);
  state.released.emit('released', session.lineId);
  publishEvent({ type: 'connection', event: 'close', line: session.line, publicId: session.publicId, bytes: session.bytes });
}

export function activeConnections(lineId: string): number {
  return state.byLine.get(lineId)?.size ?? 0;
}

export function listViewers(): ViewerSession[] {
  return [...state.all.values()];
}

/** An upstream account's connection, counted against its limit; release once. */
export interface UpstreamSlot {
  upstreamId: string;
  release(): void;
}

/** Takes an upstream connection slot, or null when the account is at its limit (null max = unknown: no limit). */
export function acquireUpstreamSlot(upstreamId: string, max: number | null): UpstreamSlot | null {
  const used = state.upstreamUsed.get(upstreamId) ?? 0;
  if (max !== null && max > 0 && used >= max) return null;
  state.upstreamUsed.set(upstreamId, used + 1);
  let released = false;
  return {
    upstreamId,
    release() {
      if (released) return;
      released = true;
      const n = (state.upstreamUsed.get(upstreamId) ?? 1) - 1;
      if (n > 0) state.upstreamUsed.set(upstreamId, n);
      else state.upstreamUsed.delete(upstreamId);
    },
  };
}

export function upstreamSlotsInUse(): Map<string, number> {
  return new Map(state.upstreamUsed);
}
