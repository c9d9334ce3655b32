import type { RouteSource } from '@/lib/routing/types';
import { acquireUpstreamSlot, upstreamSlotsInUse, type UpstreamSlot } from '@/lib/slots/slots';
import { noteUpstreamHealth } from '@/lib/upstream/health';
import type { UpstreamAttempt } from '@/lib/monitor/request-outcome';

/** Where a request gets its upstream slot: a new one per connection, or one its playback already holds. */
export type TakeUpstreamSlot = (source: RouteSource) => Promise<UpstreamSlot | null>;

export const newUpstreamSlot: TakeUpstreamSlot = (source) => acquireUpstreamSlot(source.upstreamId!, source.maxConnections);

export type Opened<T> = { ok: true; value: T; source: RouteSource; slot: UpstreamSlot | null; index: number; tried: number; attempts: UpstreamAttempt[] };
export type NotOpened = { ok: false; status: 502 | 503; message: string; tried: number; attempts: UpstreamAttempt[] };

const nameOf = (source: RouteSource) => source.upstreamName ?? (source.upstreamId ? 'an upstream' : 'the local source');

/** The refusal in words, for the monitor: "Provider B slots 1/1 in use; Provider A: upstream answered 500". */
export function describeAttempts(attempts: UpstreamAttempt[]): string {
  return attempts.filter((a) => a.result !== 'opened').map((a) => (a.result === 'full' ? `${a.name} ${a.detail}` : `${a.name}: ${a.detail}`)).join('; ');
}

/**
 * The one failover order of the relay (live hubs and files alike): the candidates from `from` on,
 * wrapping round once; an upstream at its connection limit is skipped without a request; a candidate
 * that fails to open gives its slot back at once. All full: 503; otherwise nobody answered: 502.
 * Every attempt is kept in order (for the monitor) and each open's outcome is the upstream's health.
 */
export async function openFirstSource<T>(
  sources: RouteSource[],
  open: (source: RouteSource) => Promise<T>,
  opts: { from?: number; takeSlot?: TakeUpstreamSlot; onError?: (source: RouteSource, err: unknown) => void; stop?: () => boolean } = {},
): Promise<Opened<T> | NotOpened> {
  const takeSlot = opts.takeSlot ?? newUpstreamSlot;
  const attempts: UpstreamAttempt[] = [];
  let full = 0;
  let tried = 0;
  for (let i = 0; i < sources.length && !opts.stop?.(); i++) {
    const index = ((opts.from ?? 0) + i) % sources.length;
    const source = sources[index];
    tried += 1;
    const slot = source.upstreamId ? await takeSlot(source) : null;
    if (source.upstreamId && !slot) {
      full += 1;
      const used = upstreamSlotsInUse().get(source.upstreamId) ?? source.maxConnections ?? 0;
      attempts.push({ upstreamId: source.upstreamId, name: nameOf(source), result: 'full', detail: `slots ${used}/${source.maxConnections ?? '?'} in use` });
      continue;
    }
    try {
      const value = await open(source);
      attempts.push({ upstreamId: source.upstreamId, name: nameOf(source), result: 'opened', detail: 'opened' });
      if (source.upstreamId) noteUpstreamHealth(source.upstreamId, null);
      return { ok: true, value, source, slot, index, tried, attempts };
    } catch (err) {
      slot?.release();
      const detail = err instanceof Error ? err.message : 'failed';
      attempts.push({ upstreamId: source.upstreamId, name: nameOf(source), result: 'failed', detail });
      if (source.upstreamId && detail !== 'aborted') noteUpstreamHealth(source.upstreamId, `stream open failed: ${detail}`);
      opts.onError?.(source, err);
    }
  }
  const why = describeAttempts(attempts);
  return full === sources.length && full > 0
    ? { ok: false, status: 503, message: `every upstream is at its connection limit${why ? ` (${why})` : ''}`, tried, attempts }
    : { ok: false, status: 502, message: `no upstream answered${why ? ` (${why})` : ''}`, tried, attempts };
}
