import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { query } from '@/db/client';
import { incrementSetting } from '@/db/queries/settings';
import { adminLoginKey, adminLoginLimiter } from '@/lib/auth/failure-limiter';
import { bumpCatalogVersion, currentCatalogVersion, onCatalogVersion } from '@/lib/catalog-version/version';
import { checkHealth } from '@/lib/health/check';
import { checkLineCredentials, lineStatus } from '@/lib/lines/credentials';
import { playerLoginBlocked } from '@/lib/lines/login-limiter';
import { connectionsSnapshot } from '@/lib/slots/connections';
import { releaseViewer, reserveViewer } from '@/lib/slots/slots';
import { sharedLeases } from '@/lib/shared-state/current';
import type { Notice } from '@/lib/shared-state/notices';
import { logger, tapLogs } from '@/lib/monitor/logger';
import { resetEnv } from '@/lib/env';
import { authenticatePlayer } from '@/lib/xtream/authenticate';
import { withFreshDatabase } from '../helpers/database';
import { deleteKeys, inspectRedis, redisAnswers, startReplica, testPrefix, testRedisUrl, waitFor, type TestReplica } from '../helpers/redis';
import { createActiveLine } from '../helpers/panel-setup';

// This test process is replica P, configured the way a deployment is (REDIS_URL, REDIS_PREFIX,
// REPLICA_ID); replica B is a second set of connections in the same process. What one does, the
// other must learn through Redis.
const available = await redisAnswers();
const skip = !available && !process.env.TEST_REDIS_URL;
if (skip) console.log(`shared-notices: skipped: no Redis answers at ${testRedisUrl} (.ci/run starts one)`);

const prefix = testPrefix();
if (!skip) {
  Object.assign(process.env, { REDIS_URL: testRedisUrl, REDIS_PREFIX: prefix, REPLICA_ID: 'replica-p' });
  resetEnv();
}
withFreshDatabase();

let b: TestReplica;
const heardOnB: Notice[] = [];

describe.skipIf(skip)('notices and limits shared through Redis', () => {
  beforeAll(async () => {
    b = await startReplica({ prefix, replicaId: 'replica-b' });
    b.shared.bus.on((n) => heardOnB.push(n));
    // P connects on first use, as at start-up
    expect((await checkHealth()).redis).toBe('ok');
  });
  afterAll(async () => {
    await b?.close();
    await deleteKeys(prefix);
  });

  test('failed player logins spread over two replicas add up: the tenth blocks the pair on both', async () => {
    const ip = '203.0.113.7';
    const pairOnB = b.limiter('player-pair', { maxFailures: 10, windowMs: 60_000, blockMs: 300_000 });
    for (let i = 0; i < 5; i++) expect(await authenticatePlayer('mallory', `guess-${i}`, ip)).toMatchObject({ ok: false, reason: 'bad_credentials' });
    for (let i = 0; i < 4; i++) await pairOnB.recordFailure(`${ip}|mallory`);
    expect(playerLoginBlocked(ip, 'mallory')).toBe(false);
    expect(pairOnB.blockedFor(`${ip}|mallory`)).toBe(0);
    await pairOnB.recordFailure(`${ip}|mallory`);
    expect(pairOnB.blockedFor(`${ip}|mallory`)).toBeGreaterThan(299_000);
    const ms = await waitFor(() => playerLoginBlocked(ip, 'mallory'), 1_000, 'the block to reach P');
    console.log(`shared-notices: a login block set on B reached P after ${ms} ms`);
    expect(await authenticatePlayer('mallory', 'guess-x', ip)).toMatchObject({ ok: false, reason: 'rate_limited' });
    // another username from that address, and that username from another address, still get through
    expect(playerLoginBlocked(ip, 'alice')).toBe(false);
    expect(playerLoginBlocked('203.0.113.8', 'mallory')).toBe(false);
  });

  test('admin login failures count across replicas too', async () => {
    const key = adminLoginKey('198.51.100.9', 'boss');
    const adminOnB = b.limiter('admin', adminLoginLimiter.limit);
    for (let i = 0; i < 3; i++) await adminOnB.recordFailure(key);
    await adminLoginLimiter.recordFailure(key);
    expect(adminLoginLimiter.blockedFor(key)).toBe(0);
    await adminLoginLimiter.recordFailure(key);
    expect(adminLoginLimiter.blockedFor(key)).toBeGreaterThan(14 * 60_000);
    await waitFor(() => adminOnB.blockedFor(key) > 0, 1_000, 'the block to reach B');
  });

  test('limiter keys reach Redis hashed: no address or username in any key', async () => {
    const redis = inspectRedis();
    const keys = await redis.keys(`${prefix}*`);
    redis.disconnect();
    expect(keys.some((k) => k.includes(':limit:'))).toBe(true);
    expect(keys.filter((k) => /203\.0\.113|198\.51\.100|mallory|boss/.test(k))).toEqual([]);
  });

  test("an account changed on one replica drops out of the other's credential cache at once", async () => {
    const created = await createActiveLine('roamer', 'pw-roam-1', { maxConnections: 1, allowedOutputFormats: ['ts'], onLimit: 'refuse' }, 'http://x');
    // P's own change is announced to B
    await waitFor(() => heardOnB.some((n) => n.t === 'line' && n.username === 'roamer'), 1_000, 'B to hear about the new account');
    expect(lineStatus((await checkLineCredentials('roamer', 'pw-roam-1'))!)).toBe('Active');
    // B disables it (its own write, then its notice): P stops answering from its cache
    await query(`UPDATE lines SET status = 'disabled' WHERE id = $1`, [created.id]);
    expect(lineStatus((await checkLineCredentials('roamer', 'pw-roam-1'))!)).toBe('Active');
    const sent = Date.now();
    await b.shared.bus.publish({ t: 'line', username: 'roamer' });
    await waitFor(async () => lineStatus((await checkLineCredentials('roamer', 'pw-roam-1'))!) === 'Disabled', 1_000, 'P to see the disabled account');
    console.log(`shared-notices: P saw the account disabled on B ${Date.now() - sent} ms after B's notice`);
  });

  test('a catalog version bumped on one replica is served by the other at once, not after the re-read', async () => {
    const heard: number[] = [];
    const stop = onCatalogVersion((v) => heard.push(v));
    const before = await currentCatalogVersion();
    const bumpedOnB = await incrementSetting('catalog_version');
    await b.shared.bus.publish({ t: 'catalog', version: bumpedOnB });
    const ms = await waitFor(() => heard.includes(bumpedOnB), 1_000, 'P to hear the new version');
    expect(await currentCatalogVersion()).toBe(bumpedOnB);
    expect(bumpedOnB).toBeGreaterThan(before);
    console.log(`shared-notices: P adopted B's catalog version after ${ms} ms (re-read interval: 2000 ms)`);
    stop();
    const bumpedOnP = await bumpCatalogVersion();
    await waitFor(() => heardOnB.some((n) => n.t === 'catalog' && n.version === bumpedOnP), 1_000, 'B to hear P bump the version');
  });

  test('the connections snapshot names the replica and counts each account across replicas', async () => {
    const line = await createActiveLine('family', 'pw-family-1', { maxConnections: 3, allowedOutputFormats: ['ts'], onLimit: 'refuse' }, 'http://x');
    const limit = { id: line.id, username: 'family', maxConnections: 3, onLimit: 'refuse' as const };
    const info = { publicId: 7, name: 'channel', upstreamId: null, mode: 'proxy' as const, clientIp: '192.0.2.9', close: () => {} };
    const onP = await reserveViewer(limit, info);
    const onB = await b.slots.reserveViewer(limit, info);
    // Under load a take can miss Redis's 1 s budget and count in process (its lease is then written
    // by the next refresh, 10 s later), and the snapshot's own totals can miss it too (accounts: null).
    // Wait for both leases with a deadline, refreshing them meanwhile, instead of reading once.
    let snapshot = await connectionsSnapshot();
    const counted = () => snapshot.accounts?.some((a) => a.lineId === line.id && a.viewers === 2) ?? false;
    await waitFor(
      async () => {
        if (counted()) return true;
        await Promise.all([sharedLeases()!.refresh(), b.leases.refresh()]);
        snapshot = await connectionsSnapshot();
        return counted();
      },
      5_000,
      'both viewers of the account to be counted across replicas',
    );
    expect(snapshot.replica).toBe('replica-p');
    expect(snapshot.viewers).toEqual([expect.objectContaining({ line: 'family', publicId: 7, replica: 'replica-p' })]);
    expect(snapshot.accounts).toEqual(expect.arrayContaining([{ lineId: line.id, line: 'family', viewers: 2 }]));
    releaseViewer(onP!);
    b.slots.releaseViewer(onB!);
  });

  test('Redis going away is logged once a minute at most, whatever the number of failed calls', async () => {
    const lines: string[] = [];
    const untap = tapLogs((l) => lines.push(l));
    const level = logger.level;
    logger.level = 'warn';
    const down = await startReplica({ prefix, replicaId: 'replica-down', url: 'redis://127.0.0.1:1', waitReady: false });
    try {
      for (let i = 0; i < 20; i++) expect(await down.leases.take('viewer', 'x', down.leases.member(Date.now(), i), 1, false)).toEqual({ status: 'unavailable' });
      await new Promise((r) => setTimeout(r, 300)); // reconnect attempts fail meanwhile too
      expect(lines.filter((l) => l.includes('redis unavailable'))).toHaveLength(1);
      expect(lines.join('')).not.toContain('pw-');
    } finally {
      logger.level = level;
      untap();
      await down.close();
    }
  });
});
