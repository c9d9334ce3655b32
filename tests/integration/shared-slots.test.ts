import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ZAP_GRACE_MS, type LineLimit, type SlotBook } from '@/lib/slots/slot-book';
import { redisStatus } from '@/lib/shared-state/current';
import { freePort } from '../e2e/helpers/server';
import { deleteKeys, inspectRedis, redisAnswers, sleep, startReplica, testPrefix, testRedisUrl, waitFor, type TestReplica } from '../helpers/redis';

// Two replicas of the panel in one process, each with its own Redis connections, against a real
// Redis: viewer and upstream slots must count across both.
const available = await redisAnswers();
if (!available && !process.env.TEST_REDIS_URL) console.log(`shared-slots: skipped: no Redis answers at ${testRedisUrl} (.ci/run starts one)`);

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
const prefix = testPrefix();
let a: TestReplica;
let b: TestReplica;
const redis = available ? inspectRedis() : undefined!;
const extra: TestReplica[] = [];

afterEach(async () => {
  await Promise.all(extra.splice(0).map((r) => r.close()));
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  if (!available) return;
  await deleteKeys(prefix);
  redis.disconnect();
});

const line = (maxConnections: number, onLimit: LineLimit['onLimit']): LineLimit => ({ id: crypto.randomUUID(), username: 'viewer', maxConnections, onLimit });
const leaseKey = (scope: 'viewer' | 'upstream', id: string) => `${prefix}lease:${scope}:${id}`;

/** A viewer whose `close` is recorded, as serve-stream's `res.destroy()` would be. */
async function watch(slots: SlotBook, l: LineLimit) {
  const closed: { reason: string; at: number }[] = [];
  const session = await slots.reserveViewer(l, { publicId: 1, name: 'channel', upstreamId: null, mode: 'proxy', clientIp: '192.0.2.1', close: (reason) => closed.push({ reason, at: Date.now() }) });
  return { session, closed };
}

describe.skipIf(!available && !process.env.TEST_REDIS_URL)('connection slots shared through Redis', () => {
  beforeAll(async () => {
    a = await startReplica({ prefix, replicaId: 'replica-a' });
    b = await startReplica({ prefix, replicaId: 'replica-b' });
  });

  test('an account with max_connections 1 watching on A is refused on B after the zapping grace (refuse)', async () => {
    const l = line(1, 'refuse');
    const onA = await watch(a.slots, l);
    expect(onA.session).not.toBeNull();
    const asked = Date.now();
    const onB = await watch(b.slots, l);
    const waited = Date.now() - asked;
    expect(onB.session).toBeNull();
    expect(waited).toBeGreaterThanOrEqual(ZAP_GRACE_MS - 50);
    expect(waited).toBeLessThan(ZAP_GRACE_MS + 500);
    // B reports the account's viewer on A, as player_api's active_cons does
    expect(b.slots.activeConnections(l.id)).toBe(1);
    a.slots.releaseViewer(onA.session!);
    await waitFor(async () => (await redis.zcard(leaseKey('viewer', l.id))) === 0, 1_000, 'lease given back');
  });

  test("kick_oldest on B ends A's viewer through pub/sub within a second", async () => {
    const l = line(1, 'kick_oldest');
    const onA = await watch(a.slots, l);
    const opened = Date.now();
    const onB = await watch(b.slots, l);
    expect(onB.session).not.toBeNull();
    const ms = await waitFor(() => onA.closed.length > 0, 1_000, "A's viewer closed");
    console.log(`shared-slots: kick on B closed the viewer on A after ${Date.now() - opened} ms (${ms} ms after B got its slot)`);
    expect(onA.closed[0].reason).toMatch(/^kicked/);
    expect(a.slots.listViewers()).toHaveLength(0);
    expect(await redis.zcard(leaseKey('viewer', l.id))).toBe(1);
    b.slots.releaseViewer(onB.session!);
  });

  test('a release on A lets a refused viewer waiting on B through, within the grace', async () => {
    const l = line(1, 'refuse');
    const onA = await watch(a.slots, l);
    const waiting = watch(b.slots, l).then((r) => ({ ...r, at: Date.now() }));
    await sleep(300);
    const released = Date.now();
    a.slots.releaseViewer(onA.session!);
    const onB = await waiting;
    expect(onB.session).not.toBeNull();
    const latency = onB.at - released;
    console.log(`shared-slots: a refuse waiter on B got the slot ${latency} ms after A released it`);
    expect(latency).toBeLessThan(300);
    b.slots.releaseViewer(onB.session!);
  });

  test('a refused viewer waiting on the same replica gets the slot as soon as Redis has it back', async () => {
    const l = line(1, 'refuse');
    const first = await watch(a.slots, l);
    const waiting = watch(a.slots, l).then((r) => ({ ...r, at: Date.now() }));
    await sleep(100);
    const released = Date.now();
    a.slots.releaseViewer(first.session!);
    const second = await waiting;
    expect(second.session).not.toBeNull();
    expect(second.at - released).toBeLessThan(100);
    a.slots.releaseViewer(second.session!);
  });

  test("a crashed replica's lease expires and its slot comes back", async () => {
    const crashed = await startReplica({ prefix, replicaId: 'replica-crashed', leases: { leaseMs: 800, refreshMs: 60_000 } });
    const l = line(1, 'refuse');
    expect((await watch(crashed.slots, l)).session).not.toBeNull();
    await crashed.close(); // gone without giving anything back
    const asked = Date.now();
    const onB = await watch(b.slots, l);
    expect(onB.session).not.toBeNull();
    console.log(`shared-slots: an 800 ms lease of a dead replica freed the slot for a waiter after ${Date.now() - asked} ms`);
    b.slots.releaseViewer(onB.session!);
  });

  test("other replicas' counts follow a dead replica's leases expiring, announced by a live replica's refresh", async () => {
    const crashed = await startReplica({ prefix, replicaId: 'replica-crashed-2', leases: { leaseMs: 500, refreshMs: 60_000 } });
    const live = await startReplica({ prefix, replicaId: 'replica-live', leases: { leaseMs: 500, refreshMs: 100 } });
    extra.push(live);
    const l = line(0, 'refuse');
    await watch(crashed.slots, l);
    const kept = await watch(live.slots, l);
    await waitFor(() => b.slots.activeConnections(l.id) === 2, 1_000, 'B to count both viewers');
    await crashed.close();
    await waitFor(() => b.slots.activeConnections(l.id) === 1, 2_000, "B to drop the dead replica's viewer");
    live.slots.releaseViewer(kept.session!);
    await waitFor(() => b.slots.activeConnections(l.id) === 0, 1_000, 'B to see the account idle');
  });

  test('live sessions keep their leases past the lease time: the refresh extends them', async () => {
    const short = await startReplica({ prefix, replicaId: 'replica-refreshing', leases: { leaseMs: 600, refreshMs: 150 } });
    extra.push(short);
    const l = line(1, 'refuse');
    const held = await watch(short.slots, l);
    await sleep(1_500);
    expect(await redis.zcard(leaseKey('viewer', l.id))).toBe(1);
    expect((await watch(b.slots, l)).session).toBeNull();
    short.slots.releaseViewer(held.session!);
  });

  test('the upstream connection limit counts across replicas; no limit when the provider gave none', async () => {
    const upstreamId = crypto.randomUUID();
    const slotA = await a.slots.acquireUpstreamSlot(upstreamId, 1);
    expect(slotA).not.toBeNull();
    expect(await b.slots.acquireUpstreamSlot(upstreamId, 1)).toBeNull();
    await waitFor(() => b.slots.upstreamSlotsInUse().get(upstreamId) === 1, 1_000, 'B sees the slot used on A');
    slotA!.release();
    await waitFor(async () => (await redis.zcard(leaseKey('upstream', upstreamId))) === 0, 1_000, 'upstream lease given back');
    const slotB = await b.slots.acquireUpstreamSlot(upstreamId, 1);
    expect(slotB).not.toBeNull();
    const unlimited = await Promise.all([a, b, a, b].map((r) => r.slots.acquireUpstreamSlot(upstreamId, null)));
    expect(unlimited.every(Boolean)).toBe(true);
    for (const s of [slotB, ...unlimited]) s!.release();
    await waitFor(async () => (await redis.zcard(leaseKey('upstream', upstreamId))) === 0, 1_000, 'every upstream lease back');
  });

  test('200 concurrent reserve/release cycles from both replicas never exceed the limit and leave no lease', async () => {
    const l = line(3, 'kick_oldest');
    const counts: number[] = [];
    const stop = a.shared.bus.on((n) => {
      if (n.t === 'lease' && n.id === l.id) counts.push(n.n);
    });
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const slots = i % 2 ? a.slots : b.slots;
        const { session } = await watch(slots, l);
        await sleep(i % 7);
        slots.releaseViewer(session!);
      }),
    );
    await waitFor(async () => (await redis.zcard(leaseKey('viewer', l.id))) === 0, 2_000, 'no lease left');
    console.log(`shared-slots: 200 kick_oldest cycles over two replicas took ${Date.now() - started} ms, at most ${Math.max(...counts)} leases at once`);
    stop();
    expect(counts.length).toBeGreaterThanOrEqual(200);
    expect(Math.max(...counts)).toBeLessThanOrEqual(3);
    expect(a.slots.listViewers()).toHaveLength(0);
    expect(b.slots.listViewers()).toHaveLength(0);

    const upstreamId = crypto.randomUUID();
    await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const slot = await (i % 2 ? a : b).slots.acquireUpstreamSlot(upstreamId, 2);
        await sleep(i % 5);
        slot?.release();
      }),
    );
    await waitFor(async () => (await redis.zcard(leaseKey('upstream', upstreamId))) === 0, 2_000, 'no upstream lease left');
  });
});

describe('connection slots without a reachable Redis', () => {
  test('without REDIS_URL the health answer says redis: off', async () => {
    expect(await redisStatus()).toBe('off');
  });

  test('count in process, within the call budget, and never throw', async () => {
    const down = await startReplica({ prefix, replicaId: 'replica-down', url: 'redis://127.0.0.1:1', waitReady: false });
    extra.push(down);
    const l = line(1, 'refuse');
    const asked = Date.now();
    const first = await watch(down.slots, l);
    expect(first.session).not.toBeNull();
    expect(Date.now() - asked).toBeLessThan(400);
    // the in-process count still refuses a second viewer of the account after the grace
    expect((await watch(down.slots, l)).session).toBeNull();
    down.slots.releaseViewer(first.session!);
    const kick = line(1, 'kick_oldest');
    const older = await watch(down.slots, kick);
    const newer = await watch(down.slots, kick);
    expect(older.closed[0]?.reason).toMatch(/^kicked/);
    down.slots.releaseViewer(newer.session!);
    const upstreamId = crypto.randomUUID();
    const slot = await down.slots.acquireUpstreamSlot(upstreamId, 1);
    expect(slot).not.toBeNull();
    expect(await down.slots.acquireUpstreamSlot(upstreamId, 1)).toBeNull();
    slot!.release();
    expect(await down.shared.ping()).toBe('down');
  });

  test.skipIf(!hasRedisServer)('while Redis restarts slots count in process; afterwards live sessions get their leases back', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const startServer = () => spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const stopServer = async (server: ChildProcess) => {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    };
    let server = startServer();
    try {
      await waitFor(() => redisAnswers(url), 5_000, 'the private Redis');
      const r = await startReplica({ prefix, replicaId: 'replica-restart', url, leases: { leaseMs: 5_000, refreshMs: 200 } });
      extra.push(r);
      const l = line(2, 'refuse');
      const before = await watch(r.slots, l);
      await stopServer(server);
      const during = await watch(r.slots, l);
      expect([before.session, during.session].every(Boolean)).toBe(true);
      server = startServer();
      const own = inspectRedis(url);
      try {
        const ms = await waitFor(async () => (await own.zcard(leaseKey('viewer', l.id)).catch(() => 0)) === 2, 8_000, 'both leases written again');
        console.log(`shared-slots: ${ms} ms after Redis restarted, both live sessions held leases again`);
        r.slots.releaseViewer(before.session!);
        r.slots.releaseViewer(during.session!);
        await waitFor(async () => (await own.zcard(leaseKey('viewer', l.id))) === 0, 2_000, 'leases given back');
      } finally {
        own.disconnect();
      }
    } finally {
      await stopServer(server);
    }
  });

  test('a Redis that never answers costs a call at most the budget', async () => {
    // 10.255.255.1 is not routed here: the connection hangs in "connecting" (or fails at once)
    const silent = await startReplica({ prefix, replicaId: 'replica-silent', url: 'redis://10.255.255.1:6379', waitReady: false });
    extra.push(silent);
    const asked = Date.now();
    const { session } = await watch(silent.slots, line(1, 'refuse'));
    const took = Date.now() - asked;
    console.log(`shared-slots: with a silent Redis a viewer slot was granted in process after ${took} ms`);
    expect(session).not.toBeNull();
    expect(took).toBeLessThan(400);
    silent.slots.releaseViewer(session!);
  });
});
