import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { query } from '@/db/client';
import * as rulesApi from '@/app/api/routing-rules/route';
import * as ruleApi from '@/app/api/routing-rules/[id]/route';
import * as resolveApi from '@/app/api/routing-rules/resolve/route';
import { seriesInfo } from '@/lib/catalog/series-info';
import { resolveRoute } from '@/lib/routing/resolve';
import { createRoutingRule, forgetRoutingRules } from '@/lib/routing/rules';
import type { RoutingRuleInput } from '@/lib/routing/schemas';
import { createUpstream, updateUpstream } from '@/lib/upstream/server-service';
import { requestSync, settleSyncs } from '@/lib/sync/request-sync';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { withFreshDatabase } from '../helpers/database';
import { call, makeUser, type TestUser } from '../helpers/admin-api';

withFreshDatabase();

// Two providers carrying the same catalog (equal sizes give equal names, guide ids and TMDB ids).
const SIZES = { live: 10, vod: 8, series: 2, categoriesPerType: 2 };
const PASS_A = 'alpha-Secret-41';
const PASS_B = 'bravo-Secret-52';
let fakeA: FakeUpstream;
let fakeB: FakeUpstream;
let upA: string;
let upB: string;
let admin: TestUser;
let viewer: TestUser;
const local = { movie: 0, series: 0, episode: 0 };

async function publicIdOf(upstreamId: string, type: 'live' | 'vod' | 'series', streamId: number): Promise<number> {
  const [row] = await query<{ public_id: number }>(
    'SELECT public_id FROM synced_content WHERE upstream_server_id = $1 AND stream_type = $2 AND stream_id = $3',
    [upstreamId, type, String(streamId)],
  );
  if (!row) throw new Error(`no ${type} ${streamId} on ${upstreamId}`);
  return row.public_id;
}

const rule = (input: Partial<RoutingRuleInput> & Pick<RoutingRuleInput, 'routingType'>) =>
  createRoutingRule({ contentSource: 'any', match: {}, priority: 100, enabled: true, ...input });

async function route(publicId: number, extension?: string) {
  const r = await resolveRoute(publicId, extension ? { extension } : {});
  if (!r) throw new Error(`no route for ${publicId}`);
  return r;
}

beforeAll(async () => {
  [fakeA, fakeB] = await Promise.all([
    startFakeUpstream({ ...SIZES, username: 'alice', password: PASS_A }),
    startFakeUpstream({ ...SIZES, username: 'bob', password: PASS_B }),
  ]);
  expect(fakeB.catalog.live.map((c) => [c.name, c.epgChannelId])).toEqual(fakeA.catalog.live.map((c) => [c.name, c.epgChannelId]));
  const base = { isActive: true, timeoutSeconds: 10, priority: 0, syncIntervalMinutes: 0 };
  upA = (await createUpstream({ ...base, name: 'Alpha', serverUrl: fakeA.url, username: 'alice', password: PASS_A, maxConnections: 3 })).id;
  upB = (await createUpstream({ ...base, name: 'Bravo', serverUrl: fakeB.url, username: 'bob', password: PASS_B, timeoutSeconds: 20 })).id;
  await requestSync(upA);
  await requestSync(upB);
  await settleSyncs();

  const [m] = await query<{ public_id: number }>(
    `INSERT INTO local_content (title, stream_url, content_type, container_extension) VALUES ('Home Video', 'https://cdn.example/home.mkv', 'movie', 'mkv') RETURNING public_id`,
  );
  const [s] = await query<{ id: string; public_id: number }>(
    `INSERT INTO local_content (title, stream_url, content_type) VALUES ('Local Show', '', 'series') RETURNING id, public_id`,
  );
  const [e] = await query<{ public_id: number }>(
    `INSERT INTO local_episodes (local_content_id, season, episode, title, stream_url) VALUES ($1, 1, 1, 'Pilot', 'https://cdn.example/s1e1.mp4') RETURNING public_id`,
    [s.id],
  );
  Object.assign(local, { movie: m.public_id, series: s.public_id, episode: e.public_id });
  admin = await makeUser('route-admin', 'admin');
  viewer = await makeUser('route-viewer', 'viewer');
}, 60_000);

afterAll(async () => {
  await Promise.all([fakeA?.close(), fakeB?.close()]);
});

beforeEach(async () => {
  await query('DELETE FROM content_routing');
  forgetRoutingRules();
});

describe('defaults without rules', () => {
  test('an upstream channel is proxied from its own upstream first, then from its copy on the other one', async () => {
    const channel = fakeA.catalog.live[0];
    const idA = await publicIdOf(upA, 'live', channel.id);
    const idB = await publicIdOf(upB, 'live', channel.id);
    const r = await route(idA);
    expect(r).toMatchObject({ mode: 'proxy', failover: true, rule: null, item: { publicId: idA, kind: 'live', source: 'upstream', name: channel.name } });
    expect(r.sources.map((s) => [s.upstreamName, s.publicId])).toEqual([['Alpha', idA], ['Bravo', idB]]);
    expect(r.sources[0].url).toBe(`${fakeA.url}/live/alice/${PASS_A}/${channel.id}.ts`);
    expect(r.sources[0].maskedUrl).toBe(`${fakeA.url}/live/***/***/${channel.id}.ts`);
    expect(r.sources[1]).toMatchObject({ upstreamId: upB, url: `${fakeB.url}/live/bob/${PASS_B}/${channel.id}.ts`, timeoutSeconds: 20 });
    expect(r.sources[0]).toMatchObject({ upstreamId: upA, timeoutSeconds: 10, maxConnections: 3 });
    // From the other side the order flips: the requested item's upstream comes first among equals.
    expect((await route(idB)).sources.map((s) => s.publicId)).toEqual([idB, idA]);
  });

  test('a channel without a guide id finds its copy by normalised name; .m3u8 asks the upstreams for HLS', async () => {
    const channel = fakeA.catalog.live.find((c) => c.epgChannelId === null)!;
    const idB = await publicIdOf(upB, 'live', channel.id);
    const r = await route(await publicIdOf(upA, 'live', channel.id), 'm3u8');
    expect(r.sources.map((s) => s.publicId)).toEqual([expect.any(Number), idB]);
    expect(r.sources.every((s) => s.url.endsWith(`/${channel.id}.m3u8`))).toBe(true);
  });

  test('a movie is grouped with its copy by TMDB id and keeps its container extension', async () => {
    const movie = fakeA.catalog.vod[1];
    const r = await route(await publicIdOf(upA, 'vod', movie.id));
    expect(r.item).toMatchObject({ kind: 'movie', containerExtension: movie.extension });
    expect(r.sources.map((s) => s.url)).toEqual([
      `${fakeA.url}/movie/alice/${PASS_A}/${movie.id}.${movie.extension}`,
      `${fakeB.url}/movie/bob/${PASS_B}/${movie.id}.${movie.extension}`,
    ]);
  });

  test('upstream priority orders the sources, higher first', async () => {
    const channel = fakeA.catalog.live[2];
    const idB = await publicIdOf(upB, 'live', channel.id);
    await updateUpstream(upB, { priority: 50 });
    try {
      expect((await route(await publicIdOf(upA, 'live', channel.id))).sources[0].publicId).toBe(idB);
    } finally {
      await updateUpstream(upB, { priority: 0 });
    }
  });

  test('a local movie and a local episode are direct, from their own URL', async () => {
    expect(await route(local.movie)).toMatchObject({
      mode: 'direct',
      rule: null,
      item: { source: 'local', kind: 'movie', containerExtension: 'mkv' },
      sources: [{ upstreamId: null, upstreamName: null, publicId: local.movie, url: 'https://cdn.example/home.mkv' }],
    });
    expect((await route(local.episode)).sources.map((s) => s.url)).toEqual(['https://cdn.example/s1e1.mp4']);
  });

  test('a series is not playable and an unknown id has no route', async () => {
    expect(await resolveRoute(local.series)).toBeNull();
    expect(await resolveRoute(await publicIdOf(upA, 'series', fakeA.catalog.series[0].id))).toBeNull();
    expect(await resolveRoute(99_999_999)).toBeNull();
  });

  test('an upstream episode resolves to its /series/ URL with the episode extension', async () => {
    const series = fakeA.catalog.series[0];
    const seriesId = await publicIdOf(upA, 'series', series.id);
    expect((await seriesInfo(seriesId)).status).toBe(200);
    const [episode] = await query<{ public_id: number; episode_id: string; container_extension: string }>(
      'SELECT public_id, episode_id, container_extension FROM series_episodes WHERE series_public_id = $1 ORDER BY season, episode_num LIMIT 1',
      [seriesId],
    );
    const r = await route(episode.public_id);
    expect(r.item).toMatchObject({ kind: 'episode', source: 'upstream' });
    expect(r.sources.map((s) => s.url)).toEqual([`${fakeA.url}/series/alice/${PASS_A}/${episode.episode_id}.${episode.container_extension}`]);
    // Rules on the series (its id, "series") apply to its episodes.
    const onSeries = await rule({ routingType: 'redirect', match: { publicId: seriesId, streamType: 'series' } });
    expect((await route(episode.public_id)).rule?.id).toBe(onSeries.id);
  });
});

describe('rules', () => {
  test('a redirect rule for one upstream outranks a lower-priority proxy rule', async () => {
    await rule({ name: 'everything proxied', routingType: 'proxy', priority: 100 });
    const redirect = await rule({ name: 'Bravo redirects', contentSource: 'upstream', routingType: 'redirect', priority: 200, match: { upstreamId: upB } });
    const idB = await publicIdOf(upB, 'live', fakeB.catalog.live[0].id);
    expect(await route(idB)).toMatchObject({ mode: 'redirect', rule: { id: redirect.id, name: 'Bravo redirects', priority: 200 } });
    expect((await route(await publicIdOf(upA, 'live', fakeA.catalog.live[0].id))).rule?.name).toBe('everything proxied');
  });

  test('among equal priorities the newest rule wins', async () => {
    await rule({ name: 'older', routingType: 'proxy' });
    await new Promise((r) => setTimeout(r, 20)); // distinct creation times even with a millisecond clock
    await rule({ name: 'newer', routingType: 'redirect' });
    expect((await route(local.movie)).rule?.name).toBe('newer');
  });

  test('match by public id, stream type, category and name pattern', async () => {
    const live0 = await publicIdOf(upA, 'live', fakeA.catalog.live[0].id);
    const live1 = await publicIdOf(upA, 'live', fakeA.catalog.live[1].id);
    const movie = await publicIdOf(upA, 'vod', fakeA.catalog.vod[0].id);

    const byId = await rule({ routingType: 'redirect', match: { publicId: live1 } });
    expect((await route(live1)).rule?.id).toBe(byId.id);
    expect((await route(live0)).rule).toBeNull();

    const byType = await rule({ routingType: 'redirect', priority: 90, match: { streamType: 'movie' } });
    expect((await route(movie)).rule?.id).toBe(byType.id);
    expect((await route(local.movie)).rule?.id).toBe(byType.id);
    expect((await route(live0)).rule).toBeNull();

    // Categories compare by name, ignoring case: "Live 1" holds the first channel on both upstreams.
    const byCategory = await rule({ routingType: 'redirect', priority: 80, match: { category: 'live 1' } });
    expect((await route(live0)).rule?.id).toBe(byCategory.id);
    expect((await route(await publicIdOf(upB, 'live', fakeB.catalog.live[0].id))).rule?.id).toBe(byCategory.id);

    const glob = await rule({ routingType: 'proxy', priority: 300, match: { namePattern: 'home vid??' } });
    expect((await route(local.movie)).rule?.id).toBe(glob.id);
    const regex = await rule({ routingType: 'redirect', priority: 400, match: { namePattern: `/^${fakeA.catalog.live[0].name}$/` } });
    expect((await route(live0)).rule?.id).toBe(regex.id);
    expect((await route(local.movie)).rule?.id).toBe(glob.id);
  });

  test('contentSource limits a rule to upstream or local items', async () => {
    await rule({ contentSource: 'local', routingType: 'proxy' });
    expect((await route(local.movie)).mode).toBe('proxy');
    expect((await route(await publicIdOf(upA, 'vod', fakeA.catalog.vod[0].id))).rule).toBeNull();
  });

  test('direct on upstream content behaves as redirect', async () => {
    await rule({ routingType: 'direct' });
    expect((await route(await publicIdOf(upA, 'live', fakeA.catalog.live[0].id))).mode).toBe('redirect');
    expect((await route(local.movie)).mode).toBe('direct');
  });

  test('upstreamOrder puts the listed upstreams first', async () => {
    const idA = await publicIdOf(upA, 'live', fakeA.catalog.live[0].id);
    const idB = await publicIdOf(upB, 'live', fakeA.catalog.live[0].id);
    await rule({ routingType: 'proxy', routingConfig: { upstreamOrder: [upB, upA] } });
    expect((await route(idA)).sources.map((s) => s.publicId)).toEqual([idB, idA]);
  });

  test('failover:false leaves only the item itself', async () => {
    await rule({ routingType: 'proxy', routingConfig: { failover: false } });
    const idA = await publicIdOf(upA, 'live', fakeA.catalog.live[0].id);
    const r = await route(idA);
    expect(r.failover).toBe(false);
    expect(r.sources.map((s) => s.publicId)).toEqual([idA]);
  });

  test('disabled rules are ignored, and a change applies at once', async () => {
    const off = await rule({ routingType: 'proxy', enabled: false });
    expect((await route(local.movie)).mode).toBe('direct');
    const res = await call(ruleApi.PATCH, `/api/routing-rules/${off.id}`, { method: 'PATCH', cookie: admin.cookie, params: { id: off.id }, body: { enabled: true } });
    expect(res.status).toBe(200);
    expect((await route(local.movie)).mode).toBe('proxy');
    const del = await call(ruleApi.DELETE, `/api/routing-rules/${off.id}`, { method: 'DELETE', cookie: admin.cookie, params: { id: off.id } });
    expect(del.status).toBe(204);
    expect((await route(local.movie)).mode).toBe('direct');
  });
});

describe('the API', () => {
  test('creates and lists rules, highest priority first, with defaults filled in', async () => {
    const body = { name: 'Sports redirect', contentSource: 'upstream', match: { category: 'Live 2', namePattern: '*sport*' }, routingType: 'redirect', priority: 500 };
    const made = await call(rulesApi.POST, '/api/routing-rules', { method: 'POST', cookie: admin.cookie, body });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({ ...body, enabled: true, routingConfig: { failover: true, upstreamOrder: [] } });
    await rule({ name: 'low', routingType: 'proxy', priority: 5 });
    const list = await call(rulesApi.GET, '/api/routing-rules', { cookie: viewer.cookie });
    expect(list.status).toBe(200);
    expect(list.json).toMatchObject({ total: 2, page: 1, pageSize: 50 });
    expect(list.json.items.map((r: { name: string }) => r.name)).toEqual(['Sports redirect', 'low']);
    const patched = await call(ruleApi.PATCH, `/api/routing-rules/${made.json.id}`, {
      method: 'PATCH', cookie: admin.cookie, params: { id: made.json.id }, body: { routingConfig: { failover: false } },
    });
    expect(patched.json).toMatchObject({ priority: 500, routingConfig: { failover: false, upstreamOrder: [] } });
    const [stored] = await query<{ content_source: string; match: unknown }>('SELECT content_source, match FROM content_routing WHERE id = $1', [made.json.id]);
    expect(stored).toEqual({ content_source: 'upstream', match: body.match });
  });

  test('resolve answers like resolveRoute, with credentials masked everywhere', async () => {
    await rule({ name: 'via Bravo', routingType: 'proxy', routingConfig: { upstreamOrder: [upB] } });
    const id = await publicIdOf(upA, 'vod', fakeA.catalog.vod[2].id);
    const res = await call(resolveApi.GET, `/api/routing-rules/resolve?publicId=${id}`, { cookie: viewer.cookie });
    expect(res.status).toBe(200);
    for (const secret of [PASS_A, PASS_B, 'alice', 'bob']) expect(res.text).not.toContain(secret);
    const direct = await route(id);
    expect(res.json).toMatchObject({
      mode: direct.mode,
      rule: { name: 'via Bravo' },
      item: direct.item,
      sources: direct.sources.map((s) => ({ upstreamId: s.upstreamId, upstreamName: s.upstreamName, publicId: s.publicId, url: s.maskedUrl })),
    });
    expect(res.json.sources.map((s: { upstreamName: string }) => s.upstreamName)).toEqual(['Bravo', 'Alpha']);
  });

  test('resolve shows the rule for a series, without sources, and 404 for an unknown id', async () => {
    const series = await call(resolveApi.GET, `/api/routing-rules/resolve?publicId=${local.series}`, { cookie: viewer.cookie });
    expect(series.json).toMatchObject({ mode: 'direct', playable: false, sources: [], item: { kind: 'series' } });
    const unknown = await call(resolveApi.GET, '/api/routing-rules/resolve?publicId=99999999', { cookie: viewer.cookie });
    expect(unknown.status).toBe(404);
  });

  test('bad input is a 400 with a message per field', async () => {
    for (const q of ['', '?publicId=', '?publicId=abc', '?publicId=1.5', '?publicId=-3']) {
      const res = await call(resolveApi.GET, `/api/routing-rules/resolve${q}`, { cookie: viewer.cookie });
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
      expect(res.json.error.fields.publicId).toBeTruthy();
    }
    const bad = await call(rulesApi.POST, '/api/routing-rules', {
      method: 'POST',
      cookie: admin.cookie,
      body: { contentSource: 'somewhere', match: { namePattern: '/(unclosed/', upstreamId: 'nope', colour: 'red' }, routingType: 'teleport', priority: 2000, routingConfig: { upstreamOrder: ['x'] } },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toMatchObject({
      contentSource: expect.any(String),
      'match.namePattern': 'is not a valid regular expression',
      'match.upstreamId': 'must be an upstream id',
      'match.colour': 'unknown field',
      routingType: expect.any(String),
      priority: 'must be at most 1000',
      'routingConfig.upstreamOrder.0': 'must be an upstream id',
    });
    const tooLong = await call(rulesApi.POST, '/api/routing-rules', {
      method: 'POST', cookie: admin.cookie, body: { contentSource: 'any', match: { namePattern: 'x'.repeat(201) }, routingType: 'proxy' },
    });
    expect(tooLong.json.error.fields['match.namePattern']).toBe('must be at most 200 characters');
    const viewerPost = await call(rulesApi.POST, '/api/routing-rules', { method: 'POST', cookie: viewer.cookie, body: { contentSource: 'any', match: {}, routingType: 'proxy' } });
    expect(viewerPost.status).toBe(403);
  });

  test('a name pattern that can backtrack catastrophically is refused with a field message', async () => {
    for (const namePattern of ['/(a+)+$/', '/^(\\w+\\s?)*$/i', '/(a|ab)*c/', '*a*b*c*d*']) {
      const res = await call(rulesApi.POST, '/api/routing-rules', {
        method: 'POST', cookie: admin.cookie, body: { contentSource: 'any', match: { namePattern }, routingType: 'proxy' },
      });
      expect({ namePattern, status: res.status }).toEqual({ namePattern, status: 400 });
      expect(res.json.error.fields['match.namePattern']).toMatch(/forever|open-ended/);
    }
    const fine = await call(rulesApi.POST, '/api/routing-rules', {
      method: 'POST', cookie: admin.cookie, body: { contentSource: 'any', match: { namePattern: '/^(HD|FHD) .*$/i' }, routingType: 'proxy' },
    });
    expect(fine.status).toBe(201);
  });
});
