import type { RouteSource } from '@/lib/routing/types';
import { acquireUpstreamSlot, type UpstreamSlot } from '@/lib/slots/slots';

/** Where a request gets its upstream slot: a new one per connection, or one its playback already holds. */
export type TakeUpstreamSlot = (source: RouteSource) => Promise<UpstreamSlot | null>;

export const newUpstreamSlot: TakeUpstreamSlot = (source) => acquireUpstreamSlot(source.upstreamId!, source.maxConnections);

export type Opened<T> = { ok: true; value: T; source: RouteSource; slot: UpstreamSlot | null; index: number; tried: number };
export type NotOpened = { ok: false; status: 502 | 503; message: string; tried: number };

/**
 * The one failover order of the relay (live hubs and files alike): the candidates from `from` on,
 * wrapping round once; an upstream at its connection limit is skipped without a request; a candidate
 * that fails to open gives its slot back at once. All full: 503; otherwise nobody answered: 502.
 */
export async function openFirstSource<T>(
  sources: RouteSource[],
  open: (source: RouteSource) => Promise<T>,
  opts: { from?: number; takeSlot?: TakeUpstreamSlot; onError?: (source: RouteSource, err: unknown) => void; stop?: () => boolean } = {},
): Promise<Opened<T> | NotOpened> {
  const takeSlot = opts.takeSlot ?? newUpstreamSlot;
  let full = 0;
  let tried = 0;
  for (let i = 0; i < sources.length && !opts.stop?.(); i++) {
    const index = ((opts.from ?? 0) + i) % sources.length;
    const source = sources[index];
    tried += 1;
    const slot = source.upstreamId ? await takeSlot(source) : null;
    if (source.upstreamId && !slot) {
      full += 1;
      continue;
    }
    try {
      return { ok: true, value: await open(source), source, slot, index, tried };
    } catch (err) {
      slot?.release();
      opts.onError?.(source, err);
    }
  }
  return full === sources.length && full > 0
    ? { ok: false, status: 503, message: 'every upstream is at its connection limit', tried }
    : { ok: false, status: 502, message: 'no upstream answered', tried };
}
