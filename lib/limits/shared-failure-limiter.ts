import crypto from 'node:crypto';
import type { FailureLimit, FailureLimiter } from './failure-limiter';
import { RedisScript } from '@/lib/shared-state/script';
import type { SharedState } from '@/lib/shared-state/shared-state';

/**
 * KEYS: failure counter, block key. ARGV: maxFailures, windowMs, blockMs, channel, limiter, hashed key.
 * Returns the milliseconds the key stays blocked (0: not blocked). The replica that sets a block tells
 * the others, so checking a block never needs Redis.
 */
const recordFailureScript = new RedisScript(`
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then return blocked end
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if n < tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
redis.call('DEL', KEYS[1])
redis.call('PUBLISH', ARGV[4], cjson.encode({t = 'block', limiter = ARGV[5], key = ARGV[6], ms = tonumber(ARGV[3])}))
return tonumber(ARGV[3])
`);

/**
 * A failure limiter whose counts are shared by every replica through Redis (fixed windows: INCR +
 * PEXPIRE, and a block key with a TTL), so an attacker gains nothing by spreading attempts. The
 * in-process limiter keeps counting too: it answers alone while Redis is away (fail open to local
 * limits) and checks stay synchronous. Keys reach Redis hashed: bounded length, no usernames or IPs.
 */
export class SharedFailureLimiter {
  private remoteBlocks = new Map<string, number>();
  private link: SharedState | null | undefined;

  constructor(
    readonly name: string,
    private readonly local: FailureLimiter,
    private readonly shared: () => SharedState | null,
  ) {}

  get limit(): FailureLimit {
    return this.local.limit;
  }

  /** Milliseconds until the key may try again, or 0. */
  blockedFor(key: string, now = Date.now()): number {
    this.sharedState(); // from the first check on, blocks set by other replicas arrive here
    const here = this.local.blockedFor(key, now);
    if (this.remoteBlocks.size === 0) return here;
    const until = this.remoteBlocks.get(hashKey(key)) ?? 0;
    return Math.max(here, until - now, 0);
  }

  async recordFailure(key: string): Promise<void> {
    this.local.recordFailure(key);
    const shared = this.sharedState();
    if (!shared) return;
    const hashed = hashKey(key);
    const { maxFailures, windowMs, blockMs } = this.local.limit;
    const keys = [shared.key('limit', this.name, 'n', hashed), shared.key('limit', this.name, 'block', hashed)];
    const args = [maxFailures, windowMs, blockMs, shared.bus.channel, this.name, hashed];
    const blockedMs = Number(await shared.attempt((r) => recordFailureScript.run(r, keys, args)));
    if (blockedMs > 0) this.block(hashed, blockedMs);
  }

  recordSuccess(key: string): void {
    // Only a key this replica saw failing is reset in Redis too: a success is every player request,
    // and a write per request is not worth forgetting a few failures counted elsewhere.
    const hadFailures = this.local.hasEntry(key);
    this.local.recordSuccess(key);
    if (!hadFailures) return;
    const shared = this.sharedState();
    void shared?.attempt((r) => r.del(shared.key('limit', this.name, 'n', hashKey(key))));
  }

  private sharedState(): SharedState | null {
    if (this.link !== undefined) return this.link;
    this.link = this.shared();
    this.link?.bus.on((n) => {
      if (n.t === 'block' && n.limiter === this.name) this.block(n.key, n.ms);
    });
    return this.link;
  }

  private block(hashed: string, ms: number) {
    const now = Date.now();
    this.remoteBlocks.set(hashed, Math.max(this.remoteBlocks.get(hashed) ?? 0, now + ms));
    if (this.remoteBlocks.size > 10_000) for (const [k, until] of this.remoteBlocks) if (until <= now) this.remoteBlocks.delete(k);
  }
}

const hashKey = (key: string) => crypto.createHash('sha256').update(key).digest('base64url').slice(0, 22);
