import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as listApi from '@/app/api/content/local/route';
import * as itemApi from '@/app/api/content/local/[id]/route';
import * as episodesApi from '@/app/api/content/local/[id]/episodes/route';
import * as episodeApi from '@/app/api/content/local/[id]/episodes/[episodeId]/route';
import { query } from '@/db/client';
import { currentCatalogVersion } from '@/lib/catalog-version/version';
import { createLine } from '@/lib/lines/service';
import { withFreshDatabase } from '../helpers/database';
import { call, makeUser, type TestUser } from '../helpers/admin-api';
import { startXtreamServer, type XtreamServer } from '../helpers/xtream-server';

withFreshDatabase();

let admin: TestUser;
let viewer: TestUser;
const MISSING = '00000000-0000-4000-8000-000000000000';
const PLAYER = { username: 'local.viewer', password: 'pw-local-1' };

beforeAll(async () => {
  admin = await makeUser('content-admin', 'admin');
  viewer = await makeUser('content-viewer', 'viewer');
});

const as = (who: { cookie: string }) => ({
  list: (search = '') => call(listApi.GET, `/api/content/local${search}`, { cookie: who.cookie }),
  create: (body: unknown) => call(listApi.POST, '/api/content/local', { method: 'POST', cookie: who.cookie, body }),
  get: (id: string) => call(itemApi.GET, `/api/content/local/${id}`, { cookie: who.cookie, params: { id } }),
  patch: (id: string, body: unknown) => call(itemApi.PATCH, `/api/content/local/${id}`, { method: 'PATCH', cookie: who.cookie, body, params: { id } }),
  remove: (id: string) => call(itemApi.DELETE, `/api/content/local/${id}`, { method: 'DELETE', cookie: who.cookie, params: { id } }),
  episodes: (id: string, search = '') => call(episodesApi.GET, `/api/content/local/${id}/episodes${search}`, { cookie: who.cookie, params: { id } }),
  addEpisode: (id: string, body: unknown) =>
    call(episodesApi.POST, `/api/content/local/${id}/episodes`, { method: 'POST', cookie: who.cookie, body, params: { id } }),
  patchEpisode: (id: string, episodeId: string, body: unknown) =>
    call(episodeApi.PATCH, `/api/content/local/${id}/episodes/${episodeId}`, { method: 'PATCH', cookie: who.cookie, body, params: { id, episodeId } }),
  removeEpisode: (id: string, episodeId: string) =>
    call(episodeApi.DELETE, `/api/content/local/${id}/episodes/${episodeId}`, { method: 'DELETE', cookie: who.cookie, params: { id, episodeId } }),
});
const adminApi = () => as(admin);

const MOVIE = {
  title: 'Holiday Film',
  description: 'Our trip, 2023',
  posterUrl: 'https://cdn.example/holiday.jpg',
  streamUrl: 'https://cdn.example/holiday.mkv',
  genre: ['Family', 'Travel'],
  releaseYear: 2023,
  rating: 8.5,
  category: 'Home videos',
};

describe('local items: create, read, update, delete', () => {
  test('a movie is created with its fields, a public id and the extension taken from its URL', async () => {
    const res = await adminApi().create(MOVIE);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      ...MOVIE,
      contentType: 'movie',
      containerExtension: 'mkv',
      isActive: true,
      episodeCount: null,
    });
    expect(res.json.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isInteger(res.json.publicId)).toBe(true);
    expect(new Date(res.json.createdAt).toISOString()).toBe(res.json.createdAt);
    expect((await adminApi().get(res.json.id)).json).toEqual(res.json);
  });

  test('a series may have no stream URL and counts its episodes', async () => {
    const res = await adminApi().create({ title: 'Garden Diaries', contentType: 'series', streamUrl: '' });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ contentType: 'series', streamUrl: '', episodeCount: 0, category: null, genre: [] });
  });

  test('PATCH changes only the given fields and moves updatedAt', async () => {
    const { json: item } = await adminApi().create({ ...MOVIE, title: 'To be renamed' });
    const res = await adminApi().patch(item.id, { title: 'Renamed', rating: 3, category: null });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ title: 'Renamed', rating: 3, category: null, streamUrl: MOVIE.streamUrl, publicId: item.publicId });
    expect(res.json.updatedAt > item.updatedAt).toBe(true);
  });

  test('DELETE removes the item and its episodes; a second DELETE is a 404', async () => {
    const { json: show } = await adminApi().create({ title: 'Short-lived', contentType: 'series' });
    await adminApi().addEpisode(show.id, { season: 1, episode: 1, title: 'Only', streamUrl: 'https://cdn.example/only.mp4' });
    expect((await adminApi().remove(show.id)).status).toBe(204);
    expect((await adminApi().get(show.id)).status).toBe(404);
    const [{ n }] = await query<{ n: number }>('SELECT count(*)::int AS n FROM local_episodes WHERE local_content_id = $1', [show.id]);
    expect(n).toBe(0);
    expect((await adminApi().remove(show.id)).status).toBe(404);
  });

  test('public ids are never reused after a delete', async () => {
    const { json: a } = await adminApi().create({ ...MOVIE, title: 'Gone soon' });
    await adminApi().remove(a.id);
    const { json: b } = await adminApi().create({ ...MOVIE, title: 'Newcomer' });
    expect(b.publicId).toBeGreaterThan(a.publicId);
  });

  test('every change bumps the catalog version', async () => {
    const v0 = await currentCatalogVersion();
    const { json: item } = await adminApi().create({ ...MOVIE, title: 'Versioned' });
    const v1 = await currentCatalogVersion();
    await adminApi().patch(item.id, { rating: 1 });
    const v2 = await currentCatalogVersion();
    await adminApi().remove(item.id);
    const v3 = await currentCatalogVersion();
    expect(v1).toBeGreaterThan(v0);
    expect(v2).toBeGreaterThan(v1);
    expect(v3).toBeGreaterThan(v2);
  });
});

describe('validation', () => {
  test('bad fields are a 400 with one message per field', async () => {
    const res = await adminApi().create({ title: '', streamUrl: 'ftp://x/y', rating: 11, releaseYear: 1500, genre: [''], posterUrl: 'not a url', containerExtension: 'm/kv' });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation_failed');
    expect(res.json.error.fields).toMatchObject({
      title: 'required',
      streamUrl: 'must be an http(s) URL',
      rating: 'must be between 0 and 10',
      releaseYear: 'must be 1870 or later',
      'genre.0': 'must not be empty',
      posterUrl: 'must be an http(s) URL',
    });
    expect(res.json.error.fields.containerExtension).toBeTruthy();
  });

  test('a movie needs a stream URL, on create and when a series becomes a movie', async () => {
    const res = await adminApi().create({ title: 'No URL' });
    expect(res.status).toBe(400);
    expect(res.json.error.fields.streamUrl).toMatch(/movie needs/);
    const { json: show } = await adminApi().create({ title: 'Series without URL', contentType: 'series' });
    const patched = await adminApi().patch(show.id, { contentType: 'movie' });
    expect(patched.status).toBe(400);
    expect(patched.json.error.fields.streamUrl).toMatch(/movie needs/);
    const movie = (await adminApi().create(MOVIE)).json;
    expect((await adminApi().patch(movie.id, { streamUrl: '' })).json.error.fields.streamUrl).toMatch(/movie needs/);
  });

  test('unknown fields are rejected with a 400 naming them', async () => {
    const res = await adminApi().create({ ...MOVIE, publicId: 5, director: 'me' });
    expect(res.status).toBe(400);
    expect(res.json.error.fields).toEqual({ publicId: 'unknown field', director: 'unknown field' });
    const { json: item } = await adminApi().create(MOVIE);
    expect((await adminApi().patch(item.id, { id: 'x' })).status).toBe(400);
    const { json: show } = await adminApi().create({ title: 'Strict show', contentType: 'series' });
    const ep = await adminApi().addEpisode(show.id, { season: 1, episode: 1, title: 'A', streamUrl: 'https://cdn.example/a.mp4', runtime: 5 });
    expect(ep.status).toBe(400);
    expect(ep.json.error.fields).toEqual({ runtime: 'unknown field' });
  });

  test('malformed JSON and a bad query are 400s', async () => {
    const res = await call(listApi.POST, '/api/content/local', { method: 'POST', cookie: admin.cookie, rawBody: '{nope' });
    expect(res.status).toBe(400);
    expect((await adminApi().list('?type=live')).json.error.fields).toHaveProperty('type');
    expect((await adminApi().list('?pageSize=501')).json.error.fields).toHaveProperty('pageSize');
  });

  test('input is checked before existence: bad input to a missing item is a 400, good input a 404', async () => {
    expect((await adminApi().patch(MISSING, { rating: 99 })).status).toBe(400);
    expect((await adminApi().patch(MISSING, { rating: 9 })).status).toBe(404);
    expect((await adminApi().get(MISSING)).status).toBe(404);
    expect((await adminApi().get('not-a-uuid')).status).toBe(404);
    expect((await adminApi().addEpisode(MISSING, { season: 1 })).status).toBe(400);
    expect((await adminApi().addEpisode(MISSING, { season: 1, episode: 1, title: 'x', streamUrl: 'https://cdn.example/x.mp4' })).status).toBe(404);
  });
});

describe('episodes', () => {
  let showId = '';
  beforeAll(async () => {
    showId = (await adminApi().create({ title: 'Episode Show', contentType: 'series', category: 'Shows' })).json.id;
  });

  test('are added with their own public ids, listed in season and episode order and counted on the series', async () => {
    const add = (season: number, episode: number, title: string) =>
      adminApi().addEpisode(showId, { season, episode, title, streamUrl: `https://cdn.example/s${season}e${episode}.mp4` });
    const e2 = await add(1, 2, 'Second');
    const e1 = await add(1, 1, 'First');
    const s0 = await add(0, 1, 'Special');
    expect(e2.status).toBe(201);
    expect(e2.json).toMatchObject({ contentId: showId, season: 1, episode: 2, title: 'Second', containerExtension: 'mp4', description: null });
    expect(new Set([e1.json.publicId, e2.json.publicId, s0.json.publicId]).size).toBe(3);
    const list = await adminApi().episodes(showId);
    expect(list.status).toBe(200);
    expect(list.json).toMatchObject({ total: 3, page: 1, pageSize: 50 });
    expect(list.json.items.map((e: { title: string }) => e.title)).toEqual(['Special', 'First', 'Second']);
    expect((await adminApi().get(showId)).json.episodeCount).toBe(3);
  });

  test('a second episode with the same season and number is a 409, on add and on edit', async () => {
    const dup = await adminApi().addEpisode(showId, { season: 1, episode: 1, title: 'Again', streamUrl: 'https://cdn.example/again.mp4' });
    expect(dup.status).toBe(409);
    expect(dup.json.error.code).toBe('conflict');
    expect(dup.json.error.fields.episode).toMatch(/already exists/);
    const second = (await adminApi().episodes(showId)).json.items.find((e: { title: string }) => e.title === 'Second');
    const moved = await adminApi().patchEpisode(showId, second.id, { episode: 1 });
    expect(moved.status).toBe(409);
  });

  test('an episode needs an http(s) stream URL', async () => {
    const res = await adminApi().addEpisode(showId, { season: 2, episode: 1, title: 'No URL', streamUrl: '' });
    expect(res.status).toBe(400);
    expect(res.json.error.fields.streamUrl).toBe('must be an http(s) URL');
  });

  test('PATCH edits an episode; PATCH and DELETE of an episode of another series are 404s', async () => {
    const [first] = (await adminApi().episodes(showId)).json.items.filter((e: { title: string }) => e.title === 'First');
    const res = await adminApi().patchEpisode(showId, first.id, { title: 'Pilot', streamUrl: 'https://cdn.example/pilot.webm', containerExtension: 'webm' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: first.id, publicId: first.publicId, title: 'Pilot', containerExtension: 'webm', season: 1, episode: 1 });
    const other = (await adminApi().create({ title: 'Other show', contentType: 'series' })).json;
    expect((await adminApi().patchEpisode(other.id, first.id, { title: 'Hijack' })).status).toBe(404);
    expect((await adminApi().removeEpisode(other.id, first.id)).status).toBe(404);
    expect((await adminApi().patchEpisode(showId, MISSING, { title: 'x' })).status).toBe(404);
  });

  test('DELETE removes one episode', async () => {
    const special = (await adminApi().episodes(showId)).json.items.find((e: { title: string }) => e.title === 'Special');
    expect((await adminApi().removeEpisode(showId, special.id)).status).toBe(204);
    expect((await adminApi().episodes(showId)).json.total).toBe(2);
    expect((await adminApi().removeEpisode(showId, special.id)).status).toBe(404);
  });

  test('a movie has no episodes: listing or adding them is a 404', async () => {
    const movie = (await adminApi().create(MOVIE)).json;
    expect((await adminApi().episodes(movie.id)).status).toBe(404);
    expect((await adminApi().addEpisode(movie.id, { season: 1, episode: 1, title: 'x', streamUrl: 'https://cdn.example/x.mp4' })).status).toBe(404);
  });

  test('a series with episodes cannot become a movie (409)', async () => {
    const res = await adminApi().patch(showId, { contentType: 'movie', streamUrl: 'https://cdn.example/whole.mp4' });
    expect(res.status).toBe(409);
  });
});

describe('roles', () => {
  test('a viewer reads the list, an item and its episodes', async () => {
    const v = as(viewer);
    const list = await v.list();
    expect(list.status).toBe(200);
    const show = list.json.items.find((i: { contentType: string }) => i.contentType === 'series');
    expect((await v.get(show.id)).status).toBe(200);
    expect((await v.episodes(show.id)).status).toBe(200);
  });

  test('a viewer gets 403 on every change, before input or existence is checked', async () => {
    const v = as(viewer);
    const { json: item } = await adminApi().create({ ...MOVIE, title: 'Protected' });
    const results = [
      await v.create(MOVIE),
      await v.create({ nonsense: true }),
      await v.patch(item.id, { title: 'Mine now' }),
      await v.patch(MISSING, { rating: 99 }),
      await v.remove(item.id),
      await v.addEpisode(item.id, { season: 1, episode: 1, title: 'x', streamUrl: 'https://cdn.example/x.mp4' }),
      await v.patchEpisode(item.id, MISSING, { title: 'x' }),
      await v.removeEpisode(item.id, MISSING),
    ];
    expect(results.map((r) => r.status)).toEqual(Array(results.length).fill(403));
    expect((await adminApi().get(item.id)).json.title).toBe('Protected');
  });

  test('without a session every route answers 401', async () => {
    const anon = as({ cookie: '' });
    expect((await anon.list()).status).toBe(401);
    expect((await anon.create(MOVIE)).status).toBe(401);
    expect((await anon.get(MISSING)).status).toBe(401);
    expect((await anon.removeEpisode(MISSING, MISSING)).status).toBe(401);
  });
});

describe('list: pagination and filters', () => {
  beforeAll(async () => {
    await query('DELETE FROM local_content');
    for (let i = 1; i <= 7; i++) await adminApi().create({ ...MOVIE, title: `Paged movie ${i}` });
    for (let i = 1; i <= 3; i++) await adminApi().create({ title: `Paged series ${i}`, contentType: 'series' });
    await adminApi().create({ ...MOVIE, title: '100% Fun_Time' });
  });

  test('pages hold pageSize items, newest first, with the total', async () => {
    const p1 = await adminApi().list('?pageSize=4');
    const p3 = await adminApi().list('?pageSize=4&page=3');
    expect(p1.json).toMatchObject({ total: 11, page: 1, pageSize: 4 });
    expect(p1.json.items).toHaveLength(4);
    expect(p1.json.items[0].title).toBe('100% Fun_Time');
    expect(p3.json.items).toHaveLength(3);
    const all = [...p1.json.items, ...(await adminApi().list('?pageSize=4&page=2')).json.items, ...p3.json.items];
    expect(new Set(all.map((i: { id: string }) => i.id)).size).toBe(11);
  });

  test('type filters movies or series', async () => {
    const series = await adminApi().list('?type=series');
    expect(series.json.total).toBe(3);
    expect(series.json.items.every((i: { contentType: string; episodeCount: number }) => i.contentType === 'series' && i.episodeCount === 0)).toBe(true);
    expect((await adminApi().list('?type=movie')).json.total).toBe(8);
  });

  test('q matches part of the title, case-insensitively, wildcards taken literally', async () => {
    expect((await adminApi().list('?q=PAGED')).json.total).toBe(10);
    expect((await adminApi().list('?q=paged&type=series&pageSize=2')).json).toMatchObject({ total: 3, pageSize: 2 });
    const literal = await adminApi().list(`?q=${encodeURIComponent('0%')}`);
    expect(literal.json.items.map((i: { title: string }) => i.title)).toEqual(['100% Fun_Time']);
    expect((await adminApi().list('?q=Fu_')).json.total).toBe(0);
    expect((await adminApi().list('?q=nothing-like-this')).json).toMatchObject({ items: [], total: 0 });
  });
});

describe('what players see', () => {
  let panel: XtreamServer;
  const player = (params: Record<string, string>) =>
    fetch(`${panel.url}/player_api.php?${new URLSearchParams({ ...PLAYER, ...params })}`).then(async (r) => ({ status: r.status, json: await r.json() }));

  beforeAll(async () => {
    await query('DELETE FROM local_content');
    await createLine(
      { ...PLAYER, maxConnections: 1, expiresAt: null, isTrial: false, status: 'active', allowedOutputFormats: ['ts', 'm3u8'], onLimit: 'kick_oldest' },
      'http://panel.test',
    );
    panel = await startXtreamServer();
  });
  afterAll(async () => {
    await panel?.close();
  });

  test('a movie and a series added through the API are listed with their public ids, episodes included', async () => {
    const movie = (await adminApi().create(MOVIE)).json;
    const show = (await adminApi().create({ title: 'Player Show', contentType: 'series', genre: ['Drama'], releaseYear: 2020 })).json;
    const e1 = (await adminApi().addEpisode(show.id, { season: 1, episode: 1, title: 'Pilot', streamUrl: 'https://cdn.example/p1.mp4' })).json;
    const e2 = (await adminApi().addEpisode(show.id, { season: 1, episode: 2, title: 'Next', streamUrl: 'https://cdn.example/p2.mkv' })).json;

    const vod = (await player({ action: 'get_vod_streams' })).json as { stream_id: number; name: string; container_extension: string }[];
    expect(vod.find((m) => m.stream_id === movie.publicId)).toMatchObject({ name: MOVIE.title, container_extension: 'mkv' });
    const categories = (await player({ action: 'get_vod_categories' })).json as { category_name: string }[];
    expect(categories.map((c) => c.category_name)).toContain('Home videos');

    const shows = (await player({ action: 'get_series' })).json as { series_id: number; name: string }[];
    expect(shows.find((s) => s.series_id === show.publicId)?.name).toBe('Player Show');

    const info = await player({ action: 'get_series_info', series_id: String(show.publicId) });
    expect(info.status).toBe(200);
    const episodes = Object.values(info.json.episodes as Record<string, { id: string; title: string; container_extension: string }[]>).flat();
    expect(episodes.map((e) => Number(e.id)).sort()).toEqual([e1.publicId, e2.publicId].sort());
    expect(episodes.find((e) => Number(e.id) === e2.publicId)?.container_extension).toBe('mkv');
  });

  test("the movie's stream URL answers 302 to its own URL (local content defaults to direct)", async () => {
    const { json } = await adminApi().list('?type=movie');
    const movie = json.items[0];
    const res = await fetch(`${panel.url}/movie/${PLAYER.username}/${PLAYER.password}/${movie.publicId}.mkv`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(MOVIE.streamUrl);
    await res.body?.cancel();
  });

  test('a local category is listed while an item is in it: moving the last one out leaves no empty folder', async () => {
    const vodCategories = async () => ((await player({ action: 'get_vod_categories' })).json as { category_name: string }[]).map((c) => c.category_name);
    const film = (await adminApi().create({ ...MOVIE, title: 'Category Mover', category: 'Short films' })).json;
    expect(await vodCategories()).toContain('Short films');
    await adminApi().patch(film.id, { category: 'Documentaries' });
    let names = await vodCategories();
    expect(names).toContain('Documentaries');
    expect(names).not.toContain('Short films');
    // Without a category it sits in "Uncategorized", which is listed then and only then.
    await adminApi().patch(film.id, { category: null });
    names = await vodCategories();
    expect(names).toContain('Uncategorized');
    expect(names).not.toContain('Documentaries');
    await adminApi().remove(film.id);
    expect(await vodCategories()).not.toContain('Uncategorized');
  });

  test('an edit shows up at once, a hidden item is not listed, and a deleted item disappears', async () => {
    const { json } = await adminApi().list();
    const movie = json.items.find((i: { contentType: string }) => i.contentType === 'movie');
    const show = json.items.find((i: { contentType: string }) => i.contentType === 'series');
    await adminApi().patch(movie.id, { title: 'Holiday Film (edited)' });
    const vod = (await player({ action: 'get_vod_streams' })).json as { stream_id: number; name: string }[];
    expect(vod.find((m) => m.stream_id === movie.publicId)?.name).toBe('Holiday Film (edited)');
    await adminApi().patch(show.id, { isActive: false });
    expect(((await player({ action: 'get_series' })).json as { series_id: number }[]).some((s) => s.series_id === show.publicId)).toBe(false);
    await adminApi().patch(show.id, { isActive: true });
    expect(((await player({ action: 'get_series' })).json as { series_id: number }[]).some((s) => s.series_id === show.publicId)).toBe(true);

    await adminApi().remove(movie.id);
    await adminApi().remove(show.id);
    expect(((await player({ action: 'get_vod_streams' })).json as { stream_id: number }[]).some((m) => m.stream_id === movie.publicId)).toBe(false);
    expect(((await player({ action: 'get_series' })).json as { series_id: number }[]).some((s) => s.series_id === show.publicId)).toBe(false);
    const gone = await fetch(`${panel.url}/movie/${PLAYER.username}/${PLAYER.password}/${movie.publicId}.mkv`, { redirect: 'manual' });
    expect(gone.status).not.toBe(302);
    await gone.body?.cancel();
  });
});
