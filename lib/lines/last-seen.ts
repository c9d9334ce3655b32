import { markLinesSeen } from '@/db/queries/lines';
import { onShutdown } from '@/lib/shutdown';
import { processState } from '@/lib/state';

const FLUSH_MS = 2_000;

// The newest admitted request per account since the last flush: memory only on the request path (one
// Map.set), one UPDATE for all of them per flush. A stream's chunks never come here.
const state = processState('linesSeen', () => ({
  pending: new Map<string, { at: Date; ip: string }>(),
  timer: undefined as NodeJS.Timeout | undefined,
  flushing: undefined as Promise<void> | undefined,
  /** The batch being written. */
  writing: new Map<string, { at: Date; ip: string }>(),
}));

/** An account's request was let in from `ip` now. */
export function noteLineSeen(lineId: string, ip: string): void {
  state.pending.set(lineId, { at: new Date(), ip });
  if (state.timer) return;
  state.timer = setInterval(() => void flushLinesSeen().catch(() => {}), FLUSH_MS);
  state.timer.unref();
  onShutdown('lines-seen', () => flushLinesSeen(), 'last');
}

/**
 * This replica's newest sighting of an account not yet written (or being written), if it is newer than
 * `stored`: the admin list shows it without waiting on a write (a write to a database that is away
 * would hold the list for its query timeout).
 */
export function unwrittenSighting(lineId: string, stored: Date | null): { at: Date; ip: string } | null {
  const s = state.pending.get(lineId) ?? state.writing.get(lineId);
  return s && (!stored || s.at > stored) ? s : null;
}

/** Writes what was seen so far; kept for the next try when the database does not take it. */
export async function flushLinesSeen(): Promise<void> {
  while (state.flushing) await state.flushing;
  if (state.pending.size === 0) return;
  const batch = [...state.pending].map(([lineId, s]) => ({ lineId, ...s }));
  state.writing = new Map(state.pending);
  state.pending.clear();
  const run = markLinesSeen(batch)
    .catch((err: unknown) => {
      // A newer sighting that arrived meanwhile wins over the one put back.
      for (const s of batch) if (!state.pending.has(s.lineId)) state.pending.set(s.lineId, { at: s.at, ip: s.ip });
      throw err;
    })
    .finally(() => {
      state.flushing = undefined;
      state.writing = new Map();
    });
  state.flushing = run;
  await run;
}
