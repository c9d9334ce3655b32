import { describe, expect, test } from 'vitest';
import { query } from '@/db/client';
import { GET as historyRoute } from '@/app/api/monitor/history/route';
import { flushMinutes, monitorHistory, setViewerSampler } from '@/lib/monitor/minutes';
import { flushRequestLog, recordRequest } from '@/lib/monitor/request-log';
import { call, makeUser } from '../helpers/admin-api';
import { withFreshDatabase } from '../helpers/database';

withFreshDatabase();

const request = (status: number) => ({
  at: new Date().toISOString(), line: 'hist', action: 'get_live_streams', path: '/player_api.php', status, durationMs: 3, ip: '127.0.0.1', userAgent: null,
});

describe('per-minute aggregates', () => {
  test('requests and errors are stored per minute and read back as history', async () => {
    for (let i = 0; i < 7; i++) recordRequest(request(200));
    for (let i = 0; i < 2; i++) recordRequest(request(503));
    await flushRequestLog();
    const rows = await query<{ requests: number; errors: number }>('SELECT requests, errors FROM monitor_minutes');
    expect(rows.reduce((a, r) => a + r.requests, 0)).toBe(9);
    expect(rows.reduce((a, r) => a + r.errors, 0)).toBe(2);
    const { points } = await monitorHistory(1);
    expect(points).toHaveLength(60);
    expect(points.reduce((a, p) => a + p.requests, 0)).toBe(9);
    expect(points.at(-1)!.at <= new Date().toISOString()).toBe(true);
  });

  test('a second writer (another replica, or a restart) adds to the same minute; viewers keep the peak', async () => {
    const before = (await monitorHistory(1)).points.reduce((a, p) => a + p.requests, 0);
    setViewerSampler(() => ({ viewers: 3, bytes: 1000 }));
    recordRequest(request(200));
    await flushMinutes();
    setViewerSampler(() => ({ viewers: 1, bytes: 500 }));
    await flushMinutes();
    setViewerSampler(() => ({ viewers: 0, bytes: 0 }));
    const { points } = await monitorHistory(1);
    expect(points.reduce((a, p) => a + p.requests, 0)).toBe(before + 1);
    expect(Math.max(...points.map((p) => p.viewers))).toBe(3);
    expect(points.reduce((a, p) => a + p.bytes, 0)).toBe(1500);
  });

  test('GET /api/monitor/history: any signed-in role, hours 1..168', async () => {
    const viewer = await makeUser('hist-viewer', 'viewer');
    const ok = await call(historyRoute, '/api/monitor/history?hours=2', { cookie: viewer.cookie });
    expect(ok.status).toBe(200);
    expect(ok.json.points).toHaveLength(120);
    for (const hours of ['0', '169', 'x']) {
      const bad = await call(historyRoute, `/api/monitor/history?hours=${hours}`, { cookie: viewer.cookie });
      expect(bad.status).toBe(400);
      expect(bad.json.error.fields.hours).toBeDefined();
    }
    expect((await call(historyRoute, '/api/monitor/history')).status).toBe(401);
  });
});
