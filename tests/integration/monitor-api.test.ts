import http from 'node:http';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { query } from '@/db/client';
import { eventListenerCount } from '@/lib/monitor/events';
import { flushRequestLog } from '@/lib/monitor/request-log';
import { GET as eventsRoute } from '@/app/api/monitor/events/route';
import { GET as requestsRoute } from '@/app/api/monitor/requests/route';
import { GET as statsRoute } from '@/app/api/monitor/stats/route';
import { call, makeUser, type Handler } from '../helpers/admin-api';
import { withFreshDatabase } from '../helpers/database';
import { startXtreamServer, type XtreamServer } from '../helpers/xtream-server';
import type { ApiRequestRecord } from '@/lib/monitor/request-record';
import { listenLocal } from '../helpers/listen';
import { createActiveLine } from '../helpers/panel-setup';

withFreshDatabase();

const USER = 'monitor.viewer';
const PASS = 'Sekr3t-pass.42';
const WRONG = 'Wr0ng-guess.77';
const SECRETS = [PASS, WRONG];

let panel: XtreamServer;
let events: { url: string; close: () => Promise<void> };
let cookie: string;

type RequestItem = ApiRequestRecord;

/** A real HTTP server in front of an App Router handler, the way Next serves it: the request's signal aborts on disconnect. */
async function serveAppRoute(handler: Handler): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    void (async () => {
      const abort = new AbortController();
      res.on('close', () => abort.abort());
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const response = await handler(new NextRequest(new URL(req.url ?? '/', 'http://127.0.0.1'), { headers, signal: abort.signal }), {
        params: Promise.resolve({}),
      });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (!response.body) return void res.end();
      const reader = response.body.getReader();
      res.on('close', () => void reader.cancel().catch(() => {}));
      for (;;) {
        const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
        if (chunk.done) break;
        res.write(chunk.value);
      }
      res.end();
    })();
  });
  return listenLocal(server);
}

const playerApi = (params: Record<string, string>, init?: RequestInit) =>
  fetch(`${panel.url}/player_api.php?${new URLSearchParams(params)}`, { headers: { 'user-agent': 'MonitorTest/1.0' }, ...init });

async function listRequests(params: Record<string, string> = {}) {
  const res = await call(requestsRoute, `/api/monitor/requests?${new URLSearchParams(params)}`, { cookie });
  return { status: res.status, text: res.text, json: res.json as { items: RequestItem[]; total: number; page: number; pageSize: number } };
}

async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const expectNoSecret = (text: string) => {
  for (const secret of SECRETS) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(encodeURIComponent(secret));
  }
};

beforeAll(async () => {
  await createActiveLine(USER, PASS, { maxConnections: 1 });
  cookie = (await makeUser('monitor-admin', 'viewer')).cookie;
  panel = await startXtreamServer();
  events = await serveAppRoute(eventsRoute);
}, 60_000);

afterAll(async () => {
  await events?.close();
  await panel?.close();
  // Before the test database goes away, so no batch is left for the timer.
  await flushRequestLog();
});

describe('GET /api/monitor/requests', () => {
  test('records player_api calls with the account, the action and the status', async () => {
    expect((await playerApi({ username: USER, password: PASS })).status).toBe(200);
    expect((await playerApi({ username: USER, password: PASS, action: 'get_live_categories' })).status).toBe(200);

    const { status, json } = await listRequests({ line: USER });
    expect(status).toBe(200);
    expect(json).toMatchObject({ page: 1, pageSize: 50 });
    const [newest, older] = json.items;
    expect(newest).toMatchObject({ line: USER, action: 'get_live_categories', status: 200, ip: '127.0.0.1', userAgent: 'MonitorTest/1.0' });
    expect(newest.path).toBe(`/player_api.php?username=${USER}&password=***&action=get_live_categories`);
    expect(older).toMatchObject({ line: USER, action: 'login', status: 200 });
    expect(Date.parse(newest.at)).toBeGreaterThanOrEqual(Date.parse(older.at));
    expect(newest.durationMs).toBeGreaterThanOrEqual(0);
  });

  test('a wrong password is recorded with the account it named and the guess masked (XTREAM.md: 200 auth:0, 401 with an action)', async () => {
    expect((await playerApi({ username: USER, password: WRONG })).status).toBe(200);
    expect((await playerApi({ username: USER, password: WRONG, action: 'get_live_streams' })).status).toBe(401);
    const { json } = await listRequests({ line: USER, pageSize: '2' });
    expect(json.items).toMatchObject([
      { line: USER, action: 'get_live_streams', status: 401, path: `/player_api.php?username=${USER}&password=***&action=get_live_streams` },
      { line: USER, action: 'login', status: 200, path: `/player_api.php?username=${USER}&password=***` },
    ]);
    expect((await listRequests({ line: USER, status: '401' })).json.items.map((r) => r.action)).toEqual(['get_live_streams']);
  });

  test('get.php, a form POST and stream URLs are recorded with their action and the password masked in the path', async () => {
    expect((await fetch(`${panel.url}/get.php?username=${USER}&password=${PASS}&type=m3u_plus`)).status).toBe(200);
    const post = await fetch(`${panel.url}/player_api.php`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: USER, password: PASS, action: 'get_vod_categories' }),
    });
    expect(post.status).toBe(200);
    expect((await fetch(`${panel.url}/live/${USER}/${PASS}/999999.ts`)).status).toBe(404);
    expect((await fetch(`${panel.url}/${USER}/${WRONG}/999999`)).status).toBe(401);

    const { json } = await listRequests({ line: USER, pageSize: '4' });
    expect(json.items.map((r) => [r.action, r.status, r.path])).toEqual([
      ['stream:bare', 401, `/${USER}/***/999999`],
      ['stream:live', 404, `/live/${USER}/***/999999.ts`],
      ['get_vod_categories', 200, '/player_api.php'],
      ['get.php', 200, `/get.php?username=${USER}&password=***&type=m3u_plus`],
    ]);
  });

  test('an unknown account is recorded under the name it used; no username is a null line', async () => {
    expect((await playerApi({ username: 'nobody.here', password: WRONG, action: 'get_live_streams' })).status).toBe(401);
    expect((await fetch(`${panel.url}/player_api.php?action=get_live_streams`)).status).toBe(401);
    const { json } = await listRequests({ status: '4xx', pageSize: '2' });
    expect(json.items.map((r) => r.line)).toEqual([null, 'nobody.here']);
  });

  test('filters by account, action and status class; pages newest first', async () => {
    const byAction = await listRequests({ action: 'get_live_categories' });
    expect(byAction.json.items.length).toBeGreaterThan(0);
    expect(byAction.json.items.every((r) => r.action === 'get_live_categories')).toBe(true);

    const errors = await listRequests({ line: USER, status: '4xx' });
    expect(errors.json.items.length).toBeGreaterThanOrEqual(3);
    expect(errors.json.items.every((r) => r.status >= 400 && r.status < 500 && r.line === USER)).toBe(true);

    const all = await listRequests({ line: USER });
    const page2 = await listRequests({ line: USER, page: '2', pageSize: '2' });
    expect(page2.json).toMatchObject({ page: 2, pageSize: 2, total: all.json.total });
    expect(page2.json.items).toEqual(all.json.items.slice(2, 4));

    expect((await listRequests({ pageSize: '501' })).status).toBe(400);
    expect((await listRequests({ status: 'bad' })).status).toBe(400);
  });

  test('the password appears nowhere: not in the API answer, not in any api_requests row', async () => {
    expectNoSecret((await listRequests({ pageSize: '500' })).text);
    const rows = await query('SELECT * FROM api_requests');
    expect(rows.length).toBeGreaterThan(5);
    expectNoSecret(JSON.stringify(rows));
  });

  test('answers 401 without a session', async () => {
    expect((await call(requestsRoute, '/api/monitor/requests')).status).toBe(401);
    expect((await call(eventsRoute, '/api/monitor/events')).status).toBe(401);
  });
});

describe('batched writes', () => {
  test('a request reaches api_requests by the timer, without anyone reading the list, linked to its account', async () => {
    const ua = `Batch/${Date.now()}`;
    await playerApi({ username: USER, password: PASS, action: 'get_series_categories' }, { headers: { 'user-agent': ua } });
    const row = await until('the batch flush', async () => {
      const [r] = await query<{ line: string; line_id: string | null; action: string; status: number; path: string }>(
        'SELECT line, line_id, action, status, path FROM api_requests WHERE user_agent = $1',
        [ua],
      );
      return r;
    });
    const [line] = await query<{ id: string }>('SELECT id FROM lines WHERE username = $1', [USER]);
    expect(row).toMatchObject({ line: USER, line_id: line.id, action: 'get_series_categories', status: 200 });
    expectNoSecret(row.path);
  });

  test('the dashboard stats count the requests of the last minute and their errors', async () => {
    const { json } = await call(statsRoute, '/api/monitor/stats', { cookie });
    expect(json.requests.perMinute).toBeGreaterThanOrEqual(9);
    expect(json.requests.errors).toBeGreaterThanOrEqual(4);
  });
});

describe('GET /api/monitor/events', () => {
  test('streams a request made after subscribing, without its password, and drops the listener on disconnect', async () => {
    const before = eventListenerCount();
    let received = '';
    const req = http.get(`${events.url}/api/monitor/events`, { headers: { cookie } });
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => req.once('response', resolve).once('error', reject));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (received += chunk));
    await until('the opening lines', () => received.includes('retry:'));
    expect(eventListenerCount()).toBe(before + 1);

    const ua = `Sse/${Date.now()}`;
    await playerApi({ username: USER, password: WRONG, action: 'get_vod_streams' }, { headers: { 'user-agent': ua } });
    const block = await until('the request event', () => received.split('\n\n').find((b) => b.includes(ua)));
    expect(block.startsWith('event: request\ndata: ')).toBe(true);
    const data = JSON.parse(block.slice('event: request\ndata: '.length)) as RequestItem & { type: string };
    expect(data).toMatchObject({ type: 'request', line: USER, action: 'get_vod_streams', status: 401, path: `/player_api.php?username=${USER}&password=***&action=get_vod_streams` });
    expectNoSecret(received);

    req.destroy();
    await until('the listener to go', () => eventListenerCount() === before);
  });
});
