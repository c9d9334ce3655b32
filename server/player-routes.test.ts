import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { RESERVED_USERNAMES } from '@/lib/lines/schemas';
import { bareStream, liveStream, movieStream, seriesStream, timeshiftPathStream, timeshiftQueryStream } from '@/lib/xtream/handlers/streams';
import { getPlaylistHandler, xmltvHandler } from '@/lib/xtream/handlers/downloads';
import { hlsSegment, hubHlsSegment } from '@/lib/xtream/handlers/hls';
import { hdhrHandler } from '@/lib/xtream/handlers/hdhr';
import { panelApiHandler, playerApiHandler } from '@/lib/xtream/handlers/player-api';
import { matchPlayerRoute, PLAYER_ROUTES } from './player-routes';

const root = path.resolve(__dirname, '..');

test('one table routes every path players reach (XTREAM.md §1)', () => {
  expect(PLAYER_ROUTES.map((r) => r.pattern)).toEqual([
    '/player_api.php',
    '/api/player_api.php',
    '/panel_api.php',
    '/get.php',
    '/xmltv.php',
    '/streaming/timeshift.php',
    '/live/:u/:p/:stream',
    '/movie/:u/:p/:stream',
    '/series/:u/:p/:stream',
    '/timeshift/:u/:p/:minutes/:start/:stream',
    '/hls/:token',
    '/hls/:token/:segment',
    '/hdhr/:u/:p/:file',
    '/:u/:p/:stream',
  ]);
  const cases: [string, unknown, Record<string, string>][] = [
    ['/player_api.php', playerApiHandler, {}],
    ['/api/player_api.php', playerApiHandler, {}],
    ['/panel_api.php', panelApiHandler, {}],
    ['/get.php', getPlaylistHandler, {}],
    ['/xmltv.php', xmltvHandler, {}],
    ['/streaming/timeshift.php', timeshiftQueryStream, {}],
    ['/live/u1/p1/7.ts', liveStream, { u: 'u1', p: 'p1', stream: '7.ts' }],
    ['/movie/u1/p1/8.mkv', movieStream, { u: 'u1', p: 'p1', stream: '8.mkv' }],
    ['/series/u1/p1/9.mp4', seriesStream, { u: 'u1', p: 'p1', stream: '9.mp4' }],
    ['/timeshift/u1/p1/60/2026-01-01:10-00/7.ts', timeshiftPathStream, { u: 'u1', p: 'p1', minutes: '60', start: '2026-01-01:10-00', stream: '7.ts' }],
    ['/hls/abc.def.ts', hlsSegment, { token: 'abc.def.ts' }],
    ['/hls/7~abc.def/12.ts', hubHlsSegment, { token: '7~abc.def', segment: '12.ts' }],
    ['/hdhr/u1/p1/lineup.json', hdhrHandler, { u: 'u1', p: 'p1', file: 'lineup.json' }],
    ['/u1/p1/7', bareStream, { u: 'u1', p: 'p1', stream: '7' }],
    ['/u1/p1/7.ts', bareStream, { u: 'u1', p: 'p1', stream: '7.ts' }],
  ];
  for (const [p, handler, params] of cases) {
    const m = matchPlayerRoute(p);
    expect(m?.handler, p).toBe(handler);
    expect(m?.params, p).toEqual(params);
  }
});

test('the panel’s own paths and near misses are left to Next', () => {
  for (const p of ['/', '/lines', '/api/auth/csrf', '/api/content/1', '/api/x/1', '/_next/static/1', '/live/u/p', '/live/u/p/1/x', '/live//p/1', '/hls/', '/timeshift/u/p/60/2026-01-01:10-00', '/movie/u/%zz/1.mp4', '/lines/a/1', '/upstream/a/1']) {
    expect(matchPlayerRoute(p), p).toBeNull();
  }
});

test('path parameters are percent-decoded once', () => {
  expect(matchPlayerRoute('/live/a%40b/p%2Fq/7.ts')?.params).toEqual({ u: 'a@b', p: 'p/q', stream: '7.ts' });
});

test('every first path segment of the panel is a reserved username, so the bare form never shadows it', () => {
  // Pages and API folders of the App Router (route groups in parentheses add no segment), public files,
  // Next's own prefix and the fixed player paths.
  const segments = new Set<string>(['_next', 'api']);
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      if (/^\(.*\)$/.test(entry.name)) visit(path.join(dir, entry.name));
      else if (!entry.name.startsWith('[') && !entry.name.startsWith('_')) segments.add(entry.name);
    }
  };
  visit(path.join(root, 'app'));
  const pub = path.join(root, 'public');
  if (fs.existsSync(pub)) for (const f of fs.readdirSync(pub)) segments.add(f);
  for (const r of PLAYER_ROUTES) {
    const first = r.pattern.split('/')[1];
    if (!first.startsWith(':')) segments.add(first);
  }
  const reserved = new Set(RESERVED_USERNAMES.map((u) => u.toLowerCase()));
  const missing = [...segments].filter((s) => !reserved.has(s.toLowerCase()));
  expect(missing).toEqual([]);
  // Three segments under a panel prefix are never the bare form (the hub's HLS segments, /hls/{token}/{seq}.ts, are their own route).
  for (const s of segments) expect(matchPlayerRoute(`/${s}/p/1`)?.handler, s).not.toBe(bareStream);
  for (const s of segments) if (s !== 'hls') expect(matchPlayerRoute(`/${s}/p/1`), s).toBeNull();
});
