import type { Redis } from 'ioredis';
import { z } from 'zod';

const scope = z.enum(['viewer', 'upstream']);
const id = z.string().min(1).max(200);

/**
 * What replicas tell each other on one pub/sub channel. Lease notices are published by the Lua
 * scripts themselves (cjson), the others by `NoticeBus.publish`. No secret is ever part of one.
 */
export const noticeSchema = z.discriminatedUnion('t', [
  /** A player account changed: drop it from the credential cache. */
  z.object({ t: z.literal('line'), username: z.string().max(200) }),
  /** The catalog version was bumped: lists built for older versions are stale. */
  z.object({ t: z.literal('catalog'), version: z.number().int() }),
  /** A lease was taken or given back; `n` is the holder count after the change. */
  z.object({ t: z.literal('lease'), change: z.enum(['take', 'give']), scope, id, n: z.number().int().min(0) }),
  /** A lease was taken away (kick_oldest): the replica named in `member` closes that session. */
  z.object({ t: z.literal('kick'), scope, id, member: z.string().max(300) }),
  /** Panel settings were saved: read them again (lib/settings). */
  z.object({ t: z.literal('settings') }),
  /** An admin stopped a viewer: the replica named closes its session `viewer` (local id). */
  z.object({ t: z.literal('stop'), replica: z.string().max(200), viewer: z.number().int().positive() }),
  /** An admin stopped an account's viewers (from one IP, a ban, or all of them): every replica closes its own. */
  z.object({ t: z.literal('stop-line'), lineId: z.string().max(200), ip: z.string().max(64).optional() }),
  /** A limiter key (hashed) is blocked for `ms`. */
  z.object({ t: z.literal('block'), limiter: z.string().max(50), key: z.string().max(100), ms: z.number().int().positive() }),
]);

export type Notice = z.infer<typeof noticeSchema>;
type Listener = (notice: Notice) => void;

/** The pub/sub side: one subscriber connection, one channel, listeners per process. */
export class NoticeBus {
  private listeners = new Set<Listener>();
  /** Resolves once the channel is subscribed (false if that failed; it is retried on reconnect). */
  readonly subscribed: Promise<boolean>;

  constructor(
    private readonly sub: Redis,
    private readonly pub: Redis,
    readonly channel: string,
    private readonly onError: (err: unknown) => void,
  ) {
    sub.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.dispatch(message);
    });
    this.subscribed = sub.subscribe(channel).then(
      () => true,
      (err: unknown) => {
        onError(err);
        return false;
      },
    );
  }

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Fire and forget: a lost notice only delays what the TTLs bound anyway. */
  publish(notice: Notice): Promise<void> {
    return this.pub.publish(this.channel, JSON.stringify(notice)).then(
      () => undefined,
      (err: unknown) => this.onError(err),
    );
  }

  private dispatch(message: string) {
    let raw: unknown;
    try {
      raw = JSON.parse(message);
    } catch {
      return;
    }
    const parsed = noticeSchema.safeParse(raw);
    if (!parsed.success) return;
    for (const listener of this.listeners) {
      try {
        listener(parsed.data);
      } catch {
        // one listener's fault must not starve the others
      }
    }
  }
}
