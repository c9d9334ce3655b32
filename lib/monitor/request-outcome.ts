import { processState } from '@/lib/state';

/** One upstream a request tried, in order: what happened there, in words. */
export interface UpstreamAttempt {
  upstreamId: string | null;
  name: string;
  result: 'opened' | 'full' | 'failed';
  detail: string;
}

/** What a handler learnt about its answer that the status does not say. */
export interface RequestOutcome {
  /** Why it was refused or failed, in words ("Provider B slots 1/1 in use"); no secret, no URL. */
  reason?: string;
  upstreams?: UpstreamAttempt[];
}

// Keyed by the response object, so the relay (which sees only `res`) and the request log meet.
const outcomes = processState('requestOutcomes', () => new WeakMap<object, RequestOutcome>());

export function noteRequestOutcome(res: object, outcome: RequestOutcome): void {
  const prev = outcomes.get(res);
  outcomes.set(res, { ...prev, ...outcome });
}

export function requestOutcome(res: object): RequestOutcome | undefined {
  return outcomes.get(res);
}
