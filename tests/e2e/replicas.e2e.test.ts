import crypto from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { deleteKeys, testRedisUrl } from '../helpers/redis';
import { startPanel, tail, type Panel } from './helpers/server';
import { adminCookie } from './helpers/admin-session';

// Two production servers on one PostgreSQL database and one Redis, as docker-compose.scale.yml runs
// them behind nginx: connection limits and account changes hold across replicas. CI sets
// TEST_DATABASE_URL and TEST_REDIS_URL (.ci/run).
const url = process.env.TEST_DATABASE_URL?.trim();
if (!url) console.log('replicas.e2e: skipped: TEST_DATABASE_URL is not set (the CI script .ci/run sets it)');

const ADMIN = { username: 'scaleadmin', password: 'e2e-replicas-Passw0rd!' };
const REFUSE = { username: 'solo.refuse', password: 'pw-refuse-1' };
const KICK = { username: 'solo.kick', password: 'pw-kick-1' };

function withDatabase(u: string, name: string): string {
  const parsed = new URL(u);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}


/** A player holding a live stream open: resolves once the answer's head arrived. */
function watch(streamUrl: string) {
  return new Promise<{ status: number; firstBytes: Promise<void>; ended: Promise<number>; stop: () => void }>((resolve, reject) => {
    const req = http.get(streamUrl, { agent: false }, (res) => {
      let first!: () => void;
      const firstBytes = new Promise<void>((r) => (first = r));
      const ended = new Promise<number>((r) => res.once('close', () => r(Date.now())));
      res.once('data', () => first());
      res.on('data', () => {});
      res.on('error', () => {});
      resolve({ status: res.statusCode ?? 0, firstBytes, ended, stop: () => req.destroy() });
    });
    req.on('error', reject);
  });
}

describe.skipIf(!url)(`two replicas sharing PostgreSQL and Redis${url ? '' : ' (skipped: TEST_DATABASE_URL is not set)'}`, () => {
  const dbName = `neropanel_e2e_replicas_${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`;
  const redisPrefix = `e2e-${crypto.randomBytes(4).toString('hex')}:`;
  let created = false;
  let a: Panel | undefined;
  let b: Panel | undefined;
  let fake: FakeUpstream | undefined;
  let cookie = '';
  let channel = 0;
  const lineIds: Record<string, string> = {};

  async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }

  const liveUrl = (panel: Panel, line: { username: string; password: string }) => `${panel.baseUrl}/live/${line.username}/${line.password}/${channel}.ts`;
  const api = (path: string, method: string, body: unknown) =>
    fetch(`${a!.baseUrl}${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const withLogs = async (fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      (err as Error).message += `\n--- replica A ---\n${tail(a?.logs() ?? '', 30)}\n--- replica B ---\n${tail(b?.logs() ?? '', 30)}`;
      throw err;
    }
  };

  beforeAll(async () => {
    await admin((c) => c.query(`CREATE DATABASE ${dbName}`));
    created = true;
    const env = {
      DATABASE_URL: withDatabase(url!, dbName),
      REDIS_URL: testRedisUrl,
      REDIS_PREFIX: redisPrefix,
      APP_SECRET: crypto.randomBytes(32).toString('hex'),
      NEXTAUTH_SECRET: crypto.randomBytes(32).toString('hex'),
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      LIVE_LINGER_MS: '500',
      METRICS_TOKEN: 'replicas-e2e-metrics',
    };
    // One after the other: the first creates the schema and the bootstrap admin.
    a = await startPanel({ env: { ...env, REPLICA_ID: 'e2e-a' } });
    b = await startPanel({ env: { ...env, REPLICA_ID: 'e2e-b' } });
    fake = await startFakeUpstream({ live: 3, vod: 1, series: 1, liveBytesPerSecond: 200_000, account: { maxConnections: 10 } });
    await withLogs(async () => {
      cookie = await adminCookie(a!.baseUrl, ADMIN);
      // The 429 itself is under test: the fallback video (on by default) is turned off through A's admin
      // API. Both replicas read the settings at start, so B follows through the Redis notice (or its
      // TTL): B's own settings answer is awaited before any stream is asked for.
      expect((await api('/api/settings', 'PATCH', { fallbackVideo: false })).status).toBe(200);
      const deadline = Date.now() + 20_000;
      for (;;) {
        const onB = (await (await fetch(`${b!.baseUrl}/api/settings`, { headers: { cookie } })).json()) as { fallbackVideo: boolean };
        if (!onB.fallbackVideo) break;
        if (Date.now() > deadline) throw new Error('replica B still has the fallback video on 20 s after A turned it off');
        await new Promise((r) => setTimeout(r, 100));
      }
      const up = await api('/api/upstream', 'POST', { serverUrl: fake!.url, username: fake!.username, password: fake!.password, syncIntervalMinutes: 0 });
      expect(up.status).toBe(201);
      const { id: upstreamId } = (await up.json()) as { id: string };
      const sync = (await (await api('/api/sync/now', 'POST', { upstreamId })).json()) as { jobs: { id: string }[] };
      for (let i = 0; i < 100; i++) {
        const job = (await (await fetch(`${a!.baseUrl}/api/sync/jobs/${sync.jobs[0].id}`, { headers: { cookie } })).json()) as { status: string };
        if (['succeeded', 'partial', 'failed'].includes(job.status)) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      for (const [line, onLimit] of [[REFUSE, 'refuse'], [KICK, 'kick_oldest']] as const) {
        const res = await api('/api/lines', 'POST', { ...line, maxConnections: 1, onLimit });
        expect(res.status).toBe(201);
        lineIds[line.username] = ((await res.json()) as { id: string }).id;
      }
      const q = new URLSearchParams({ ...REFUSE, action: 'get_live_streams' });
      const live = (await (await fetch(`${b!.baseUrl}/player_api.php?${q}`)).json()) as { stream_id: number }[];
      channel = live[0].stream_id;
    });
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop(), fake?.close()]);
    if (created) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
    await deleteKeys(redisPrefix).catch(() => {});
  });

  it('both replicas report Redis in their health answer', async () => {
    // Redis is in the full answer, for a scraper with METRICS_TOKEN (anyone else sees status and db).
    const headers = { authorization: 'Bearer replicas-e2e-metrics' };
    for (const panel of [a!, b!]) expect(await (await fetch(`${panel.baseUrl}/api/health`, { headers })).json()).toMatchObject({ status: 'ok', db: 'ok', redis: 'ok' });
  });

  it('an account with max_connections 1 (refuse) watching on A is answered 429 on B', async () => {
    await withLogs(async () => {
      const onA = await watch(liveUrl(a!, REFUSE));
      expect(onA.status).toBe(200);
      await onA.firstBytes;
      const asked = Date.now();
      const onB = await fetch(liveUrl(b!, REFUSE));
      expect(onB.status).toBe(429);
      expect(Date.now() - asked).toBeGreaterThanOrEqual(1_900); // after the zapping grace
      // B's monitor counts the account's viewer on A
      const connections = (await (await fetch(`${b!.baseUrl}/api/monitor/connections`, { headers: { cookie } })).json()) as {
        replica: string;
        accounts: { lineId: string; viewers: number }[] | null;
      };
      expect(connections.replica).toBe('e2e-b');
      expect(connections.accounts).toEqual(expect.arrayContaining([expect.objectContaining({ lineId: lineIds[REFUSE.username], viewers: 1 })]));
      onA.stop();
      await onA.ended;
    });
  });

  it("kick_oldest: opening the stream on B ends A's stream", async () => {
    await withLogs(async () => {
      const onA = await watch(liveUrl(a!, KICK));
      expect(onA.status).toBe(200);
      await onA.firstBytes;
      const opened = Date.now();
      const onB = await watch(liveUrl(b!, KICK));
      expect(onB.status).toBe(200);
      await onB.firstBytes;
      const endedAt = await Promise.race([onA.ended, new Promise<number>((_, reject) => setTimeout(() => reject(new Error("A's stream still runs 5 s later")), 5_000))]);
      expect(endedAt - opened).toBeLessThan(5_000);
      onB.stop();
      await onB.ended;
    });
  });

  it("disabling the account through A's admin API locks it out on B at once", async () => {
    await withLogs(async () => {
      const categories = `${b!.baseUrl}/player_api.php?${new URLSearchParams({ ...REFUSE, action: 'get_live_categories' })}`;
      expect((await fetch(categories)).status).toBe(200); // B has the account in its credential cache now
      const res = await api(`/api/lines/${lineIds[REFUSE.username]}`, 'PATCH', { status: 'disabled' });
      expect(res.status).toBe(200);
      const changed = Date.now();
      let answer: { status: number; body: { user_info?: { auth?: number; status?: string } } } = { status: 0, body: {} };
      while (Date.now() - changed < 5_000) {
        const r = await fetch(categories);
        answer = { status: r.status, body: (await r.json()) as typeof answer.body };
        if (answer.body.user_info?.auth === 0) break;
        await new Promise((r2) => setTimeout(r2, 20));
      }
      expect(answer).toMatchObject({ status: 403, body: { user_info: { auth: 0, status: 'Disabled' } } });
      // far inside the credential cache's 60 s TTL: the notice did it
      expect(Date.now() - changed).toBeLessThan(1_000);
    });
  });
});
