import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { query } from '@/db/client';
import { createLocalContent } from '@/lib/local-content/service';
import { settleSyncs } from '@/lib/sync/request-sync';
import { listViewers } from '@/lib/slots/slots';
import { viewerRef } from '@/lib/slots/stop-viewer';
import { replicaId } from '@/lib/shared-state/replica-id';
import { startXtreamServer } from '../helpers/xtream-server';
import { forgetSetupState } from '@/lib/setup/first-run';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { withFreshDatabase } from '../helpers/database';
import { call, concrete, discoverApiRoutes, makeUser, type ApiRoute, type TestUser } from '../helpers/admin-api';

withFreshDatabase();

// Issue 15 must-show 2: every mutating admin route writes an audit row, and no secret is in any row.
// Routes are discovered like admin-api-guards.test.ts does; each one needs a step below that makes the
// call succeed. A new route without a step fails the first test by name: add it to STEPS and ORDER.

const OPEN = new Set(['/api/setup', '/api/auth/[...nextauth]', '/api/[...path]']);
const MUTATING = ['POST', 'PUT', 'PATCH', 'DELETE'];

// Secrets that pass through the API in this test; none may appear in any audit row.
const SECRET = {
  upstreamPassword: 'Upstream-Secret-9f3',
  linePassword: 'LineSecret77x',
  linePassword2: 'LineSecret88y',
  userPassword: 'User-Secret-Pass-1',
  userPassword2: 'User-Secret-Pass-2',
  urlPassword: 'UrlCredPw55',
  discordHook: 'DiscordHookSecretZ',
  passphrase: 'backup-passphrase-long-1',
};

interface State {
  upstreamId: string;
  categoryId: number;
  publicId: number;
  renameId: string;
  bouquetId: string;
  lineId: string;
  banId: string;
  localId: string;
  seriesId: string;
  episodeId: string;
  routingId: string;
  userId: string;
  tokenId: string;
  token: string;
  backup: unknown;
  sourceId: string;
}
type Call = { url: string; params?: Record<string, string>; body?: unknown };
type Step = (s: State, res?: Record<string, any>) => Promise<Call> | Call;

let fake: FakeUpstream;
let player: { url: string; close: () => Promise<void> } | undefined;
let viewer: ReadableStreamDefaultReader<Uint8Array> | undefined;
let receiver: http.Server;
let receiverUrl: string;
const s = {} as State;

const STEPS: Record<string, { call: Step; after?: (s: State, json: Record<string, any>) => void | Promise<void> }> = {
  'POST /api/upstream/test': { call: () => ({ url: '/api/upstream/test', body: { serverUrl: fake.url, username: fake.username, password: SECRET.upstreamPassword } }) },
  'POST /api/upstream': {
    call: () => ({ url: '/api/upstream', body: { name: 'Audit upstream', serverUrl: fake.url, username: fake.username, password: SECRET.upstreamPassword } }),
    after: (st, json) => void (st.upstreamId = json.id),
  },
  'POST /api/upstream/[id]/test': { call: (st) => ({ url: `/api/upstream/${st.upstreamId}/test`, params: { id: st.upstreamId } }) },
  'PATCH /api/upstream/[id]': { call: (st) => ({ url: `/api/upstream/${st.upstreamId}`, params: { id: st.upstreamId }, body: { name: 'Main' } }) },
  'POST /api/sync/now': {
    call: (st) => ({ url: '/api/sync/now', body: { upstreamId: st.upstreamId } }),
    after: async (st) => {
      await settleSyncs();
      const [cat] = await query<{ id: number }>(`SELECT id FROM categories WHERE category_type = 'live' ORDER BY id LIMIT 1`);
      const [item] = await query<{ public_id: string }>(`SELECT public_id FROM synced_content WHERE stream_type = 'live' ORDER BY public_id LIMIT 1`);
      st.categoryId = cat.id;
      st.publicId = Number(item.public_id);
    },
  },
  'PATCH /api/categories/[id]': { call: (st) => ({ url: `/api/categories/${st.categoryId}`, params: { id: String(st.categoryId) }, body: { name: 'Renamed category' } }) },
  'PATCH /api/content/[publicId]': { call: (st) => ({ url: `/api/content/${st.publicId}`, params: { publicId: String(st.publicId) }, body: { channelNumber: 5 } }) },
  'POST /api/epg/sources': {
    call: () => ({ url: '/api/epg/sources', body: { name: 'Extra guide', url: `${fake.url}/xmltv.php?username=${fake.username}&password=${SECRET.upstreamPassword}` } }),
    after: (st, json) => void (st.sourceId = json.id),
  },
  'PATCH /api/epg/sources/[id]': { call: (st) => ({ url: `/api/epg/sources/${st.sourceId}`, params: { id: st.sourceId }, body: { priority: 5 } }) },
  'PUT /api/epg/channels/[publicId]': { call: (st) => ({ url: `/api/epg/channels/${st.publicId}`, params: { publicId: String(st.publicId) }, body: { offsetMinutes: 60 } }) },
  'POST /api/epg/match': { call: () => ({ url: '/api/epg/match', body: {} }) },
  'DELETE /api/epg/sources/[id]': { call: (st) => ({ url: `/api/epg/sources/${st.sourceId}`, params: { id: st.sourceId } }) },
  'POST /api/rename-rules/preview': { call: () => ({ url: '/api/rename-rules/preview', body: { pattern: '^UK: ' } }) },
  'POST /api/rename-rules': { call: () => ({ url: '/api/rename-rules', body: { pattern: '^UK: ', replacement: '' } }), after: (st, json) => void (st.renameId = json.id) },
  'PATCH /api/rename-rules/[id]': { call: (st) => ({ url: `/api/rename-rules/${st.renameId}`, params: { id: st.renameId }, body: { enabled: false } }) },
  'POST /api/bouquets': {
    call: (st) => ({ url: '/api/bouquets', body: { name: 'Audit bouquet', categories: [{ type: 'live', categoryId: st.categoryId }] } }),
    after: (st, json) => void (st.bouquetId = json.id),
  },
  'POST /api/bouquets/preview': { call: (st) => ({ url: '/api/bouquets/preview', body: { bouquetIds: [st.bouquetId] } }) },
  'PATCH /api/bouquets/[id]': { call: (st) => ({ url: `/api/bouquets/${st.bouquetId}`, params: { id: st.bouquetId }, body: { name: 'Audit bouquet 2' } }) },
  'POST /api/lines': {
    call: (st) => ({ url: '/api/lines', body: { username: 'audit-line', password: SECRET.linePassword, bouquetIds: [st.bouquetId] } }),
    after: (st, json) => void (st.lineId = json.id),
  },
  'PATCH /api/lines/[id]': { call: (st) => ({ url: `/api/lines/${st.lineId}`, params: { id: st.lineId }, body: { password: SECRET.linePassword2 } }) },
  'POST /api/content/local': {
    call: () => ({ url: '/api/content/local', body: { title: 'Audit film', streamUrl: `http://someone:${SECRET.urlPassword}@media.example/film.mp4` } }),
    after: async (st, json) => {
      st.localId = json.id;
      st.seriesId = (await createLocalContent({ title: 'Audit series', contentType: 'series', streamUrl: '', genre: [], isActive: true }, null)).id;
    },
  },
  'PATCH /api/content/local/[id]': { call: (st) => ({ url: `/api/content/local/${st.localId}`, params: { id: st.localId }, body: { title: 'Audit film 2' } }) },
  'POST /api/content/local/[id]/episodes': {
    call: (st) => ({ url: `/api/content/local/${st.seriesId}/episodes`, params: { id: st.seriesId }, body: { season: 1, episode: 1, title: 'Pilot', streamUrl: 'http://media.example/s1e1.mp4' } }),
    after: (st, json) => void (st.episodeId = json.id),
  },
  'PATCH /api/content/local/[id]/episodes/[episodeId]': {
    call: (st) => ({ url: `/api/content/local/${st.seriesId}/episodes/${st.episodeId}`, params: { id: st.seriesId, episodeId: st.episodeId }, body: { title: 'Pilot 2' } }),
  },
  'DELETE /api/content/local/[id]/episodes/[episodeId]': {
    call: (st) => ({ url: `/api/content/local/${st.seriesId}/episodes/${st.episodeId}`, params: { id: st.seriesId, episodeId: st.episodeId } }),
  },
  'DELETE /api/content/local/[id]': { call: (st) => ({ url: `/api/content/local/${st.localId}`, params: { id: st.localId } }) },
  'POST /api/routing-rules': {
    call: () => ({ url: '/api/routing-rules', body: { contentSource: 'any', match: { category: 'News' }, routingType: 'proxy' } }),
    after: (st, json) => void (st.routingId = json.id),
  },
  'PATCH /api/routing-rules/[id]': { call: (st) => ({ url: `/api/routing-rules/${st.routingId}`, params: { id: st.routingId }, body: { priority: 300 } }) },
  'DELETE /api/routing-rules/[id]': { call: (st) => ({ url: `/api/routing-rules/${st.routingId}`, params: { id: st.routingId } }) },
  'POST /api/users': {
    call: () => ({ url: '/api/users', body: { username: 'audit.viewer', password: SECRET.userPassword, role: 'viewer' } }),
    after: (st, json) => void (st.userId = json.id),
  },
  'PATCH /api/users/[id]': { call: (st) => ({ url: `/api/users/${st.userId}`, params: { id: st.userId }, body: { password: SECRET.userPassword2 } }) },
  'DELETE /api/users/[id]/sessions': { call: (st) => ({ url: `/api/users/${st.userId}/sessions`, params: { id: st.userId } }) },
  'DELETE /api/users/[id]': { call: (st) => ({ url: `/api/users/${st.userId}`, params: { id: st.userId } }) },
  'PATCH /api/settings': {
    call: () => ({
      url: '/api/settings',
      body: {
        notifications: {
          webhooks: [
            { id: 'discord', url: `https://discord.com/api/webhooks/123456/${SECRET.discordHook}`, format: 'discord', enabled: false },
            { id: 'local', url: receiverUrl, format: 'json' },
          ],
        },
      },
    }),
  },
  'POST /api/notifications/test': { call: () => ({ url: '/api/notifications/test', body: { webhookId: 'local' } }) },
  'POST /api/tokens': { call: () => ({ url: '/api/tokens', body: { name: 'audit script', role: 'admin' } }), after: (st, json) => void ((st.tokenId = json.id), (st.token = json.token)) },
  'DELETE /api/tokens/[id]': { call: (st) => ({ url: `/api/tokens/${st.tokenId}`, params: { id: st.tokenId } }) },
  'POST /api/backup': { call: () => ({ url: '/api/backup', body: { passphrase: SECRET.passphrase } }), after: (st, json) => void (st.backup = json) },
  'POST /api/backup/restore': { call: (st) => ({ url: '/api/backup/restore', body: { document: st.backup, passphrase: SECRET.passphrase, mode: 'merge' } }) },
  'DELETE /api/monitor/connections/[id]': {
    // A real viewer of the account, stopped from the monitor.
    call: async (st) => {
      player ??= await startXtreamServer();
      const res = await fetch(`${player.url}/live/audit-line/${SECRET.linePassword2}/${st.publicId}.ts`);
      expect(res.status).toBe(200);
      viewer = res.body!.getReader();
      await viewer.read();
      const [session] = listViewers();
      const id = viewerRef(session.id, replicaId());
      return { url: `/api/monitor/connections/${encodeURIComponent(id)}`, params: { id } };
    },
    after: async () => void (await viewer?.cancel().catch(() => undefined)),
  },
  'POST /api/lines/[id]/bans': {
    call: (st) => ({ url: `/api/lines/${st.lineId}/bans`, params: { id: st.lineId }, body: { ip: '203.0.113.50', reason: 'audit' } }),
    after: (st, json) => void (st.banId = json.id),
  },
  'DELETE /api/lines/[id]/bans/[banId]': { call: (st) => ({ url: `/api/lines/${st.lineId}/bans/${st.banId}`, params: { id: st.lineId, banId: st.banId } }) },
  'DELETE /api/lines/[id]/connections': { call: (st) => ({ url: `/api/lines/${st.lineId}/connections`, params: { id: st.lineId } }) },
  'DELETE /api/lines/[id]': { call: (st) => ({ url: `/api/lines/${st.lineId}`, params: { id: st.lineId } }) },
  'DELETE /api/bouquets/[id]': { call: (st) => ({ url: `/api/bouquets/${st.bouquetId}`, params: { id: st.bouquetId } }) },
  'DELETE /api/rename-rules/[id]': { call: (st) => ({ url: `/api/rename-rules/${st.renameId}`, params: { id: st.renameId } }) },
  'DELETE /api/upstream/[id]': { call: (st) => ({ url: `/api/upstream/${st.upstreamId}`, params: { id: st.upstreamId } }) },
};

let routes: ApiRoute[];
let admin: TestUser;
const mutating = () =>
  routes.filter((r) => !OPEN.has(r.pattern)).flatMap((r) => Object.keys(r.methods).filter((m) => MUTATING.includes(m)).map((m) => ({ key: `${m} ${r.pattern}`, method: m, route: r })));

beforeAll(async () => {
  forgetSetupState();
  fake = await startFakeUpstream({ password: SECRET.upstreamPassword, live: 20, vod: 5, series: 2, account: { maxConnections: 10 } });
  receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  routes = await discoverApiRoutes();
  admin = await makeUser('audit-admin', 'admin', 'Audit-Admin-Pass-1');
}, 60_000);

afterAll(async () => {
  await player?.close();
  await fake?.close();
  await new Promise((r) => receiver?.close(r));
});

describe('audit log', () => {
  test('every mutating admin route has a step in this test (a new route must be added here)', () => {
    const missing = mutating()
      .map((m) => m.key)
      .filter((k) => !STEPS[k]);
    expect(missing, `mutating routes without an audit step: ${missing.join(', ')}`).toEqual([]);
  });

  test('every mutating route writes one row naming the actor, the entity and the IP; no secret in any row', async () => {
    const table = new Map(mutating().map((m) => [m.key, m]));
    for (const [key, step] of Object.entries(STEPS)) {
      const route = table.get(key);
      expect(route, `${key} is in STEPS but no such route exists`).toBeDefined();
      const c = await step.call(s);
      const [{ n: before }] = await query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
      const res = await call(route!.route.methods[route!.method], c.url, {
        method: route!.method,
        params: c.params,
        body: c.body,
        cookie: admin.cookie,
        headers: { 'x-neropanel-peer': '10.1.2.3' },
      });
      expect({ key, status: res.status, error: res.status >= 400 ? res.json : undefined }).toMatchObject({ key, error: undefined });
      const rows = await query<{ actor: string; actor_kind: string; action: string; path: string; ip: string; entity: string }>(
        'SELECT actor, actor_kind, action, path, ip, entity FROM audit_log ORDER BY id DESC LIMIT 2',
      );
      const [{ n: after }] = await query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
      expect({ key, written: after - before }).toEqual({ key, written: 1 });
      expect(rows[0]).toMatchObject({ actor: 'audit-admin', actor_kind: 'user', action: route!.method, path: c.url, ip: '10.1.2.3' });
      if (step.after) await step.after(s, res.json);
    }
    const dump = JSON.stringify(await query('SELECT * FROM audit_log'));
    for (const [name, secret] of Object.entries(SECRET)) expect(dump.includes(secret), `${name} leaked into the audit log`).toBe(false);
    // The backup's encrypted payload and the token shown once are not kept either.
    expect(dump).not.toContain(s.token);
    expect(dump).toContain('[masked]');
  }, 120_000);

  test('a refused or failed change writes nothing', async () => {
    const lines = routes.find((r) => r.pattern === '/api/lines')!;
    const [{ n: before }] = await query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
    const bad = await call(lines.methods.POST, '/api/lines', { method: 'POST', cookie: admin.cookie, body: { username: '' } });
    expect(bad.status).toBe(400);
    const [{ n: after }] = await query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
    expect(after).toBe(before);
  });

  test('GET /api/audit filters by actor and entity, newest first, with before/after of a settings change', async () => {
    const auditRoute = routes.find((r) => r.pattern === '/api/audit')!;
    const all = await call(auditRoute.methods.GET, '/api/audit?pageSize=200', { cookie: admin.cookie });
    expect(all.status).toBe(200);
    expect(all.json.total).toBeGreaterThanOrEqual(Object.keys(STEPS).length);
    const lines = await call(auditRoute.methods.GET, '/api/audit?entity=lines', { cookie: admin.cookie });
    expect(lines.json.items.map((i: { action: string }) => i.action)).toEqual(['DELETE', 'PATCH', 'POST']); // ids are not part of the entity
    const patched = lines.json.items.find((i: { action: string }) => i.action === 'PATCH');
    expect(patched.changes.before).toMatchObject({ username: 'audit-line' });
    expect(patched.changes.input).toEqual({ password: '[masked]' });
    const settings = await call(auditRoute.methods.GET, '/api/audit?entity=settings', { cookie: admin.cookie });
    expect(settings.json.items).toHaveLength(1);
    expect(settings.json.items[0].changes.before.notifications.webhooks).toEqual([]);
    expect(settings.json.items[0].changes.after.notifications.webhooks[0].url).toContain('[masked]');
    const nobody = await call(auditRoute.methods.GET, '/api/audit?actor=nobody', { cookie: admin.cookie });
    expect(nobody.json).toMatchObject({ items: [], total: 0 });
    const bad = await call(auditRoute.methods.GET, '/api/audit?page=0', { cookie: admin.cookie });
    expect(bad.status).toBe(400);
    expect(concrete('/api/audit').url).toBe('/api/audit');
  });
});
