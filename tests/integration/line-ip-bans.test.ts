import crypto from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { query } from '@/db/client';
import * as bansApi from '@/app/api/lines/[id]/bans/route';
import * as banApi from '@/app/api/lines/[id]/bans/[banId]/route';
import * as connectionsApi from '@/app/api/lines/[id]/connections/route';
import * as linesApi from '@/app/api/lines/route';
import { hubSettings } from '@/lib/relay/live-hub';
import { getSettings, saveSettings } from '@/lib/settings';
import { activeConnections } from '@/lib/slots/slots';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { call, makeUser, type TestUser } from '../helpers/admin-api';
import { withFreshDatabase } from '../helpers/database';
import { deleteKeys, redisAnswers, startReplica, testPrefix, waitFor as waitUntil, type TestReplica } from '../helpers/redis';
import { addSyncedUpstream, closeAll, createActiveLine, waitFor } from '../helpers/panel-setup';
import { startXtreamServer, type XtreamServer } from '../helpers/xtream-server';

withFreshDatabase();

// Every 127.0.0.0/8 address is the loopback on Linux: a request sent from 127.0.0.2 reaches the panel
// on 127.0.0.1 with that address as its peer, so two "clients" differ by a real socket address.
const HOME = '127.0.0.1';
const BANNED = '127.0.0.2';
const ELSEWHERE = '127.0.0.3';

let provider: FakeUpstream;
let panel: XtreamServer;
let admin: TestUser;
let viewer: TestUser;
let lineId = '';
let otherLineId = '';
let liveId = 0;

/** A GET from a chosen local address; the status and the body as text. */
function getFrom(from: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${panel.url}${path}`, { agent: false, localAddress: from }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** Opens a stream from a chosen local address; resolves at its first bytes. `closed` resolves when the panel ends it. */
function watchFrom(from: string, path: string) {
  return new Promise<{ closed: Promise<number>; isOpen: () => boolean; abort: () => void }>((resolve, reject) => {
    let open = true;
    const req = http.get(`${panel.url}${path}`, { agent: false, localAddress: from }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
      const closed = new Promise<number>((done) => {
        const end = () => {
          open = false;
          done(Date.now());
        };
        res.on('close', end);
        res.on('error', end);
      });
      res.once('data', () => resolve({ closed, isOpen: () => open, abort: () => req.destroy() }));
      res.resume();
    });
    req.on('error', reject);
  });
}

const login = (from: string, user = 'ipbanned', pass = 'pw-ipbanned-1') => getFrom(from, `/player_api.php?username=${user}&password=${pass}`);
const fieldsOf = (res: { json: unknown }) => (res.json as { error: { fields: Record<string, string> } }).error.fields;
const bansUrl = (id: string) => `/api/lines/${id}/bans`;
const postBan = (id: string, body: unknown, cookie = admin.cookie) => call(bansApi.POST, bansUrl(id), { method: 'POST', cookie, body, params: { id } });
const listBans = (id: string) => call(bansApi.GET, bansUrl(id), { cookie: admin.cookie, params: { id } });

beforeAll(async () => {
  hubSettings.lingerMs = 200;
  await saveSettings({ ...(await getSettings()), fallbackVideo: false });
  provider = await startFakeUpstream({ live: 2, vod: 0, series: 0, liveBytesPerSecond: 100_000 });
  const up = await addSyncedUpstream(provider, { name: 'Provider', maxConnections: 0 });
  const [row] = await query<{ public_id: number }>(`SELECT public_id FROM synced_content WHERE upstream_server_id = $1 AND stream_type = 'live' ORDER BY public_id LIMIT 1`, [up.id]);
  liveId = Number(row.public_id);
  lineId = (await createActiveLine('ipbanned', 'pw-ipbanned-1')).id;
  otherLineId = (await createActiveLine('neighbour', 'pw-neighbour-1')).id;
  admin = await makeUser('ban-admin', 'admin');
  viewer = await makeUser('ban-viewer', 'viewer');
  panel = await startXtreamServer();
}, 60_000);

afterAll(() => closeAll(panel, provider));

describe('the bans API', () => {
  test('bad input is a 400 naming the field; the viewer role may list but not ban', async () => {
    for (const ip of ['not-an-ip', '256.0.0.1', '10.0.0.0/8', '1.2.3.4:80', '1::2::3', '']) {
      const res = await postBan(lineId, { ip });
      expect(res.status, ip).toBe(400);
      expect(fieldsOf(res).ip).toMatch(/IPv4 or IPv6/);
    }
    const noIp = await postBan(lineId, {});
    expect(noIp.status).toBe(400);
    expect(fieldsOf(noIp).ip).toBeTruthy();
    const longReason = await postBan(lineId, { ip: '192.0.2.1', reason: 'x'.repeat(201) });
    expect(longReason.status).toBe(400);
    expect(fieldsOf(longReason).reason).toMatch(/200/);
    const extra = await postBan(lineId, { ip: '192.0.2.1', until: 'tomorrow' });
    expect(extra.status).toBe(400);

    expect((await postBan(lineId, { ip: '192.0.2.1' }, viewer.cookie)).status).toBe(403);
    expect((await call(bansApi.GET, bansUrl(lineId), { cookie: viewer.cookie, params: { id: lineId } })).status).toBe(200);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await postBan(unknown, { ip: '192.0.2.1' })).status).toBe(404);
    expect((await listBans(lineId)).json).toEqual({ items: [] });
  });

  test('an IPv6 ban is stored in one spelling; the same address again is a 409; removing it is a 204', async () => {
    const res = await postBan(lineId, { ip: '2001:DB8:0:0:0:0:0:7', reason: '  shared the login  ' });
    expect(res.status).toBe(201);
    const ban = res.json as { id: string; ip: string; reason: string; createdBy: string; lineId: string; stoppedViewers: number };
    expect(ban).toMatchObject({ ip: '2001:db8::7', reason: 'shared the login', createdBy: 'ban-admin', lineId, stoppedViewers: 0 });
    const again = await postBan(lineId, { ip: '2001:db8::0:7' });
    expect(again.status).toBe(409);
    expect(fieldsOf(again).ip).toMatch(/already banned/);

    const removed = await call(banApi.DELETE, `${bansUrl(lineId)}/${ban.id}`, { method: 'DELETE', cookie: admin.cookie, params: { id: lineId, banId: ban.id } });
    expect(removed.status).toBe(204);
    const gone = await call(banApi.DELETE, `${bansUrl(lineId)}/${ban.id}`, { method: 'DELETE', cookie: admin.cookie, params: { id: lineId, banId: ban.id } });
    expect(gone.status).toBe(404);
    // Both changes are in the audit log, under the account.
    const audit = await query<{ action: string; entity: string; entity_id: string; status: number }>(
      `SELECT action, entity, entity_id, status FROM audit_log WHERE entity = 'lines/bans' ORDER BY id`,
    );
    expect(audit.filter((a) => a.status < 300)).toEqual([
      { action: 'POST', entity: 'lines/bans', entity_id: lineId, status: 201 },
      { action: 'DELETE', entity: 'lines/bans', entity_id: lineId, status: 204 },
    ]);
  });
});

describe('a banned IP on the player surface', () => {
  test('refuses that account from that IP on every route while another IP and another account still work; a running stream from there is cut', async () => {
    const stream = `/live/ipbanned/pw-ipbanned-1/${liveId}.ts`;
    // Before the ban: the account works from both addresses, and a stream from the soon-banned one runs.
    expect(JSON.parse((await login(BANNED)).body).user_info.status).toBe('Active');
    const watching = await watchFrom(BANNED, stream);
    const meanwhile = await watchFrom(HOME, stream);
    await waitFor(() => activeConnections(lineId) === 2, 2_000, 'two viewers of the account');

    const asked = Date.now();
    const res = await postBan(lineId, { ip: `::ffff:${BANNED}`, reason: 'reseller' });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ ip: BANNED, stoppedViewers: 1 });
    const cutAt = await Promise.race([watching.closed, new Promise<number>((r) => setTimeout(() => r(Infinity), 2_000))]);
    expect(cutAt - asked).toBeLessThan(2_000);
    // The stream of the same account from another address plays on.
    expect(meanwhile.isOpen()).toBe(true);
    expect(activeConnections(lineId)).toBe(1);
    meanwhile.abort();

    // From the banned address, the account answers as a banned account does, on the next request.
    const refusedLogin = JSON.parse((await login(BANNED)).body) as { user_info: { auth: number; status: string } };
    expect(refusedLogin.user_info.status).toBe('Banned');
    const action = await getFrom(BANNED, '/player_api.php?username=ipbanned&password=pw-ipbanned-1&action=get_live_streams');
    expect(action.status).toBe(403);
    expect(JSON.parse(action.body)).toMatchObject({ user_info: { auth: 0, status: 'Banned' } });
    expect((await getFrom(BANNED, '/panel_api.php?username=ipbanned&password=pw-ipbanned-1')).body).not.toContain('available_channels');
    expect((await getFrom(BANNED, '/get.php?username=ipbanned&password=pw-ipbanned-1&type=m3u_plus&output=ts')).status).toBe(401);
    expect((await getFrom(BANNED, '/xmltv.php?username=ipbanned&password=pw-ipbanned-1')).status).toBe(401);
    expect((await getFrom(BANNED, '/hdhr/ipbanned/pw-ipbanned-1/lineup.json')).status).toBe(401);
    const refusedStream = await getFrom(BANNED, stream);
    expect(refusedStream.status).toBe(403);
    expect(refusedStream.body.trim()).toBe('Account banned');
    const m3u8 = await getFrom(BANNED, `/live/ipbanned/pw-ipbanned-1/${liveId}.m3u8`);
    expect(m3u8.status).toBe(403);

    // Another address of the same account, and another account from the banned address, are untouched.
    expect(JSON.parse((await login(ELSEWHERE)).body).user_info.status).toBe('Active');
    expect((await getFrom(HOME, '/player_api.php?username=ipbanned&password=pw-ipbanned-1&action=get_live_streams')).status).toBe(200);
    expect((await getFrom(HOME, '/get.php?username=ipbanned&password=pw-ipbanned-1&type=m3u_plus&output=ts')).status).toBe(200);
    expect(JSON.parse((await login(BANNED, 'neighbour', 'pw-neighbour-1')).body).user_info.status).toBe('Active');
    const other = await watchFrom(HOME, stream);
    other.abort();
    const neighbour = await watchFrom(BANNED, `/live/neighbour/pw-neighbour-1/${liveId}.ts`);
    neighbour.abort();
    await waitFor(() => activeConnections(lineId) === 0 && activeConnections(otherLineId) === 0, 3_000, 'viewers gone');
  });

  test('the ban is kept in the database, listed, and lifted by its removal on the next request', async () => {
    const listed = (await listBans(lineId)).json as { items: { id: string; ip: string; reason: string; createdBy: string }[] };
    expect(listed.items).toEqual([expect.objectContaining({ ip: BANNED, reason: 'reseller', createdBy: 'ban-admin' })]);
    const rows = await query<{ ip: string }>('SELECT ip FROM line_ip_bans WHERE line_id = $1', [lineId]);
    expect(rows).toEqual([{ ip: BANNED }]);
    expect(JSON.parse((await login(BANNED)).body).user_info.status).toBe('Banned');

    const banId = listed.items[0].id;
    const res = await call(banApi.DELETE, `${bansUrl(lineId)}/${banId}`, { method: 'DELETE', cookie: admin.cookie, params: { id: lineId, banId } });
    expect(res.status).toBe(204);
    expect(JSON.parse((await login(BANNED)).body).user_info.status).toBe('Active');
    const watching = await watchFrom(BANNED, `/live/ipbanned/pw-ipbanned-1/${liveId}.ts`);
    watching.abort();
    expect((await listBans(lineId)).json).toEqual({ items: [] });
  });
});

describe('last seen and last IP', () => {
  test('GET /api/lines shows the newest admitted request of each account and where it came from', async () => {
    const before = Date.now();
    await login(ELSEWHERE, 'neighbour', 'pw-neighbour-1');
    await login(HOME, 'neighbour', 'pw-neighbour-1');
    // A wrong password is nobody's sighting.
    await login(BANNED, 'neighbour', 'wrong-password');
    const res = await call(linesApi.GET, '/api/lines', { cookie: viewer.cookie });
    const items = (res.json as { items: { username: string; lastSeenAt: string | null; lastIp: string | null; activeConnections: number }[] }).items;
    const neighbour = items.find((l) => l.username === 'neighbour')!;
    expect(neighbour.lastIp).toBe(HOME);
    expect(Date.parse(neighbour.lastSeenAt!)).toBeGreaterThanOrEqual(before - 1_000);
    expect(neighbour.activeConnections).toBe(0);

    // A request refused for a banned IP does not move them.
    const ban = await postBan(otherLineId, { ip: ELSEWHERE });
    expect(ban.status).toBe(201);
    await login(ELSEWHERE, 'neighbour', 'pw-neighbour-1');
    const later = ((await call(linesApi.GET, '/api/lines', { cookie: viewer.cookie })).json as { items: typeof items }).items;
    expect(later.find((l) => l.username === 'neighbour')!.lastIp).toBe(HOME);
  });
});

describe("stopping an account's viewers from its row", () => {
  test('every stream of the account closes within 2 s, its count drops to 0; the viewer role may not', async () => {
    const stream = `/live/ipbanned/pw-ipbanned-1/${liveId}.ts`;
    const one = await watchFrom(HOME, stream);
    const two = await watchFrom(ELSEWHERE, stream);
    await waitFor(() => activeConnections(lineId) === 2, 2_000, 'two viewers');
    const listed = ((await call(linesApi.GET, '/api/lines', { cookie: viewer.cookie })).json as { items: { id: string; activeConnections: number }[] }).items;
    expect(listed.find((l) => l.id === lineId)?.activeConnections).toBe(2);

    const url = `/api/lines/${lineId}/connections`;
    expect((await call(connectionsApi.DELETE, url, { method: 'DELETE', cookie: viewer.cookie, params: { id: lineId } })).status).toBe(403);
    const asked = Date.now();
    const res = await call(connectionsApi.DELETE, url, { method: 'DELETE', cookie: admin.cookie, params: { id: lineId } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ stopped: 2, otherReplicasAsked: false });
    const closed = await Promise.race([Promise.all([one.closed, two.closed]), new Promise<number[]>((r) => setTimeout(() => r([Infinity]), 2_000))]);
    expect(Math.max(...closed) - asked).toBeLessThan(2_000);
    expect(activeConnections(lineId)).toBe(0);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await call(connectionsApi.DELETE, `/api/lines/${unknown}/connections`, { method: 'DELETE', cookie: admin.cookie, params: { id: unknown } })).status).toBe(404);
  });
});

// Two replicas in one process against a real Redis: a ban (or a stop) made on A closes B's viewers.
const redisUp = await redisAnswers();
describe.skipIf(!redisUp && !process.env.TEST_REDIS_URL)("an account's viewers on another replica (Redis notice)", () => {
  const prefix = testPrefix();
  let a: TestReplica;
  let b: TestReplica;
  beforeAll(async () => {
    a = await startReplica({ prefix, replicaId: 'ban-a' });
    b = await startReplica({ prefix, replicaId: 'ban-b' });
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await deleteKeys(prefix);
  });

  test("A's IP stop closes B's viewers of the account from that IP only; A's account stop closes the rest", async () => {
    const l = { id: crypto.randomUUID(), username: 'remote', maxConnections: 0, onLimit: 'refuse' as const };
    const closed: string[] = [];
    const open = (clientIp: string) =>
      b.slots.reserveViewer(l, { publicId: 7, name: 'channel', upstreamId: null, mode: 'proxy', clientIp, close: (why) => closed.push(`${clientIp}: ${why}`) });
    // A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d; the ban is stored as a.b.c.d.
    const [banned, other] = await Promise.all([open('::ffff:192.0.2.9'), open('198.51.100.4')]);
    expect(banned && other).toBeTruthy();
    const asked = Date.now();
    await a.leases.requestStopLine(l.id, '192.0.2.9');
    await waitUntil(() => closed.length === 1, 2_000, "B's viewer from the banned IP closed");
    expect(Date.now() - asked).toBeLessThan(2_000);
    expect(closed).toEqual(['::ffff:192.0.2.9: client IP banned for the account']);
    expect(b.slots.listViewers().map((v) => v.clientIp)).toEqual(['198.51.100.4']);

    await a.leases.requestStopLine(l.id);
    await waitUntil(() => closed.length === 2, 2_000, "B's other viewer closed");
    expect(closed[1]).toBe('198.51.100.4: stopped by an admin');
    await waitUntil(() => b.slots.activeConnections(l.id) === 0 && a.slots.activeConnections(l.id) === 0, 2_000, 'both replicas see the slots free');
  });
});
