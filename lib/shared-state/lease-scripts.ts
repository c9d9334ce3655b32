import { RedisScript } from './script';

// Leases of one account (or upstream account) live in a sorted set: member `startedAt|replica|session`
// (startedAt zero-padded, so sorting members sorts by age), score = expiry in Redis server time, so
// replicas with skewed clocks agree. Every script purges expired leases before it counts.

const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expired = redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
`;

/**
 * KEYS: lease set. ARGV: member, max (0 = no limit), leaseMs, kickOldest (1/0), channel, scope, id.
 * Returns {1, count, kicked...} when the lease was taken, {0, count} when the account is full.
 */
export const takeLease = new RedisScript(`${NOW}
local max = tonumber(ARGV[2])
local leaseMs = tonumber(ARGV[3])
local n = redis.call('ZCARD', KEYS[1])
local result = {1}
if max > 0 and n >= max then
  if ARGV[4] ~= '1' then return {0, n} end
  local members = redis.call('ZRANGE', KEYS[1], 0, -1)
  table.sort(members)
  for i = 1, n - max + 1 do
    redis.call('ZREM', KEYS[1], members[i])
    result[#result + 1] = members[i]
    redis.call('PUBLISH', ARGV[5], cjson.encode({t = 'kick', scope = ARGV[6], id = ARGV[7], member = members[i]}))
  end
  n = max - 1
end
redis.call('ZADD', KEYS[1], now + leaseMs, ARGV[1])
redis.call('PEXPIRE', KEYS[1], leaseMs * 2)
n = n + 1
redis.call('PUBLISH', ARGV[5], cjson.encode({t = 'lease', change = 'take', scope = ARGV[6], id = ARGV[7], n = n}))
table.insert(result, 2, n)
return result
`);

/** KEYS: lease set. ARGV: member, channel, scope, id. Returns the count left. */
export const giveLease = new RedisScript(`${NOW}
redis.call('ZREM', KEYS[1], ARGV[1])
local n = redis.call('ZCARD', KEYS[1])
redis.call('PUBLISH', ARGV[2], cjson.encode({t = 'lease', change = 'give', scope = ARGV[3], id = ARGV[4], n = n}))
return n
`);

/**
 * KEYS: lease set. ARGV: leaseMs, channel, scope, id, members... Extends (or, after an outage,
 * re-adds) this replica's live leases. Returns the count, and announces it when leases of a dead
 * replica expired.
 */
export const refreshLeases = new RedisScript(`${NOW}
local leaseMs = tonumber(ARGV[1])
for i = 5, #ARGV do redis.call('ZADD', KEYS[1], now + leaseMs, ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], leaseMs * 2)
local n = redis.call('ZCARD', KEYS[1])
if expired > 0 then
  redis.call('PUBLISH', ARGV[2], cjson.encode({t = 'lease', change = 'give', scope = ARGV[3], id = ARGV[4], n = n}))
end
return n
`);

/** KEYS: lease set. Returns the number of live leases. */
export const countLeases = new RedisScript(`${NOW}
return redis.call('ZCARD', KEYS[1])
`);
