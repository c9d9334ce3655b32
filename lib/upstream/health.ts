import { recordUpstreamHealth } from '@/db/queries/upstream-servers';
import { logger } from '@/lib/monitor/logger';
import { processState } from '@/lib/state';

// Stream opens happen many times a second: the row is written when the health changes, and at most
// once a minute while it stays the same.
const REWRITE_MS = 60_000;
const known = processState('upstreamHealth', () => new Map<string, { error: string | null; at: number }>());

/**
 * Notes what a test, a sync or a stream open learnt about an upstream: `error` in words (never a URL
 * or a credential), or null when it answered. The dashboard shows the last one.
 */
export function noteUpstreamHealth(upstreamId: string, error: string | null): void {
  const last = known.get(upstreamId);
  const now = Date.now();
  if (last && last.error === error && now - last.at < REWRITE_MS) return;
  known.set(upstreamId, { error, at: now });
  void recordUpstreamHealth(upstreamId, error).catch((err: unknown) => {
    known.delete(upstreamId);
    logger.warn({ upstreamId, err: err instanceof Error ? err.message : String(err) }, 'could not record upstream health');
  });
}

/** Awaitable form for the test routes: the answer is written before the admin sees it. */
export async function recordUpstreamTest(upstreamId: string, error: string | null): Promise<void> {
  known.set(upstreamId, { error, at: Date.now() });
  await recordUpstreamHealth(upstreamId, error);
}
