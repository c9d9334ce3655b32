import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Database } from '@/db/client';
import * as linesApi from '@/app/api/lines/route';
import { NextRequest } from 'next/server';
import * as healthApi from '@/app/api/health/route';
import { requestSync, settleSyncs } from '@/lib/sync/request-sync';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { call, makeUser, type TestUser } from '../helpers/admin-api';
import { testDriver } from '../helpers/database';
import { closeProxiedTestDatabase, installProxiedTestDatabase, type PgProxy } from '../helpers/pg-proxy';
import { watchUncaught } from '../helpers/uncaught';
import { startXtreamServer, type XtreamServer } from '../helpers/xtream-server';
import { createActiveLine, postFakeUpstream } from '../helpers/panel-setup';

// Players on a panel whose PostgreSQL goes away for 10 s: refused (a restart), then silent (a
// partition: connections stay open, no bytes). Cached lists and logins keep answering on the last
// known catalog version and account; health reports the outage within 3 s; admin API calls answer
// 503 instead of 500 or hanging; 2 s after the database returns everything is green, no restart.
const skip = testDriver !== 'pg';
if (skip) console.log('db-outage-players: skipped: PostgreSQL only (set TEST_DATABASE_URL): the proxy sits between the pg Pool and PostgreSQL');

const OUTAGE_MS = 10_000;
const USER = 'outage-viewer';
const PASS = 'pw-outage-1';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip)(`players while the database is away${skip ? ' (skipped: PostgreSQL only)' : ''}`, () => {
  let direct: Database;
  let proxied: Database;
  let proxy: PgProxy;
  let fake: FakeUpstream;
  let panel: XtreamServer;
  let admin: TestUser;
  let liveCount = 0;
  const watch = watchUncaught();
  const { uncaught } = watch;

  beforeAll(async () => {
    watch.start();
    ({ direct, proxied, proxy } = await installProxiedTestDatabase());
    fake = await startFakeUpstream({ password: 'Players-Upstream-1', live: 40, vod: 30, series: 5, categoriesPerType: 3 });
    admin = await makeUser('players-admin', 'admin');
    const created = await postFakeUpstream(admin.cookie, fake, { name: 'Provider', password: 'Players-Upstream-1', syncIntervalMinutes: 0 });
    expect(created.status).toBe(201);
    await requestSync(created.json.id);
    await settleSyncs();
    await createActiveLine(USER, PASS, { maxConnections: 2, allowedOutputFormats: ['ts'] });
    panel = await startXtreamServer();
    const warm = await player('get_live_streams');
    expect(warm.status).toBe(200);
    liveCount = warm.items;
    expect(liveCount).toBe(40);
    expect((await player()).status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    vi.useRealTimers();
    await proxy?.restore();
    await panel?.close();
    await closeProxiedTestDatabase({ direct, proxied, proxy });
    await fake?.close();
    watch.stop();
  });

  /** A login (no action) or a list action, as a player sends it; status, items and how long it took. */
  async function player(action?: string): Promise<{ status: number; ms: number; items: number; auth?: number }> {
    const started = performance.now();
    const qs = new URLSearchParams({ username: USER, password: PASS, ...(action ? { action } : {}) });
    try {
      const res = await fetch(`${panel.url}/player_api.php?${qs}`, { signal: AbortSignal.timeout(15_000) });
      const body = (await res.json().catch(() => null)) as unknown;
      const items = Array.isArray(body) ? body.length : 0;
      const auth = (body as { user_info?: { auth?: number } } | null)?.user_info?.auth;
      return { status: res.status, ms: performance.now() - started, items, auth };
    } catch {
      return { status: 0, ms: performance.now() - started, items: 0 };
    }
  }

  async function health(): Promise<{ status: number; db: string; ms: number }> {
    const started = performance.now();
    const res = await healthApi.GET(new NextRequest('http://panel.test/api/health'));
    return { status: res.status, db: ((await res.json()) as { db: string }).db, ms: performance.now() - started };
  }

  const adminLines = () => call(linesApi.GET, '/api/lines', { cookie: admin.cookie });

  /**
   * Players ask for the live list and log in, back to back, for the whole outage. Halfway, the clock
   * moves past the credential cache's 60 s, so logins must also live on an entry due for a refresh.
   */
  async function playThrough(ms: number) {
    const answers: { action: string; status: number; ms: number; items: number; auth?: number }[] = [];
    // performance.now(): Date jumps ahead below.
    const until = performance.now() + ms;
    let aged = false;
    while (performance.now() < until) {
      if (!aged && performance.now() > until - ms / 2) {
        // Only Date moves (61 s ahead, then on with real time); timers stay real.
        vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 61_000, shouldAdvanceTime: true });
        aged = true;
      }
      const [list, login] = await Promise.all([player('get_live_streams'), player()]);
      answers.push({ action: 'get_live_streams', ...list }, { action: 'login', ...login });
      await sleep(100);
    }
    vi.useRealTimers();
    return answers;
  }

  /** After the database returns: green within 2 s (health, lists, logins, the admin API). */
  async function expectGreenWithin(ms: number) {
    const back = Date.now();
    for (;;) {
      const [h, list, login, lines] = await Promise.all([health(), player('get_live_streams'), player(), adminLines()]);
      const green = h.status === 200 && h.db === 'ok' && list.status === 200 && list.items === liveCount && login.status === 200 && login.auth === 1 && lines.status === 200;
      if (green) return Date.now() - back;
      if (Date.now() - back > ms) throw new Error(`not green ${ms} ms after the database returned: ${JSON.stringify({ h, list, login, lines: lines.status })}`);
      await sleep(50);
    }
  }

  test('PostgreSQL refusing for 10 s: cached lists and logins answer 200 throughout, health says down, admin API 503, green 2 s after', async () => {
    await proxy.refuse();
    const outage = performance.now();
    const [answers, h, lines] = await Promise.all([
      playThrough(OUTAGE_MS),
      (async () => {
        await sleep(2_500); // past the catalog version's 2 s re-read, so the fallback is what answers
        return health();
      })(),
      (async () => {
        await sleep(1_000);
        return adminLines();
      })(),
    ]);
    await proxy.restore();
    const outageMs = Math.round(performance.now() - outage);
    expect(answers.length).toBeGreaterThan(20);
    expect(answers.filter((a) => a.status !== 200 || (a.action === 'login' ? a.auth !== 1 : a.items !== liveCount))).toEqual([]);
    expect(h).toMatchObject({ status: 503, db: 'down' });
    expect(h.ms).toBeLessThan(3_000);
    expect(lines.status).toBe(503);
    expect(lines.json.error.code).toBe('db_unavailable');
    const greenMs = await expectGreenWithin(2_000);
    const slowest = Math.max(...answers.map((a) => a.ms));
    console.log(`db-outage-players: refused ${outageMs} ms: ${answers.length} player answers, all 200, slowest ${slowest.toFixed(0)} ms; health down in ${h.ms.toFixed(0)} ms; green ${greenMs} ms after`);
    expect(uncaught).toEqual([]);
  }, 60_000);

  test('a 10 s partition (connections held, no bytes): lists and logins answer within 1 s, health says down within 3 s, green 2 s after', async () => {
    proxy.hold();
    const outage = performance.now();
    const [answers, h, lines] = await Promise.all([
      playThrough(OUTAGE_MS),
      (async () => {
        await sleep(2_500);
        return health();
      })(),
      (async () => {
        await sleep(1_000);
        const started = performance.now();
        return { res: await adminLines(), ms: Math.round(performance.now() - started) };
      })(),
    ]);
    await proxy.restore();
    const outageMs = Math.round(performance.now() - outage);
    expect(answers.length).toBeGreaterThan(20);
    expect(answers.filter((a) => a.status !== 200 || (a.action === 'login' ? a.auth !== 1 : a.items !== liveCount))).toEqual([]);
    const slowest = Math.max(...answers.map((a) => a.ms));
    expect(slowest).toBeLessThan(1_000);
    expect(h).toMatchObject({ status: 503, db: 'down' });
    expect(h.ms).toBeLessThan(3_000);
    // The admin API answers too, instead of hanging for the outage: a request's query gives up after 6 s.
    expect(lines.res.status).toBe(503);
    expect(lines.ms).toBeLessThan(8_000);
    const greenMs = await expectGreenWithin(2_000);
    console.log(
      `db-outage-players: partition ${outageMs} ms: ${answers.length} player answers, all 200, slowest ${slowest.toFixed(0)} ms; health down in ${h.ms.toFixed(0)} ms; admin API 503 in ${lines.ms} ms; green ${greenMs} ms after`,
    );
    expect(uncaught).toEqual([]);
  }, 60_000);
});
