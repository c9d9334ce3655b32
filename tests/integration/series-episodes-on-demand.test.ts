import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseM3U } from '@iptv/playlist';
import * as settingsApi from '@/app/api/settings/route';
import { query } from '@/db/client';
import { findJob } from '@/db/queries/sync-jobs';
import { subscribeEvents } from '@/lib/monitor/events';
import { requestSync, settleSyncs } from '@/lib/sync/request-sync';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { call, makeUser, type TestUser } from '../helpers/admin-api';
import { withFreshDatabase } from '../helpers/database';
import { startXtreamServer, type XtreamServer } from '../helpers/xtream-server';
import { addFakeUpstream, closeAll, createActiveLine } from '../helpers/panel-setup';

// Issue 16: the `seriesEpisodes` setting. `on_demand` leaves a sync to the lists (a big catalog's
// 55k series would be 55k provider requests) and fetches a series' episodes when a player asks.

withFreshDatabase();

const SERIES = 4;
const EPISODES_PER_SERIES = 5;
const USER = 'ondemand.viewer';
const PASS = 'pw-ondemand-1';
let fake: FakeUpstream;
let panel: XtreamServer;
let admin: TestUser;
let upstreamId: string;

const seriesInfoCalls = () => fake.requests.filter((r) => r.action === 'get_series_info').length;
const storedEpisodes = async () => (await query<{ n: number }>('SELECT count(*)::int AS n FROM series_episodes'))[0].n;
const patchSettings = (body: unknown) => call(settingsApi.PATCH, '/api/settings', { method: 'PATCH', cookie: admin.cookie, body });
const api = async <T>(action: string, extra = '') =>
  (await (await fetch(`${panel.url}/player_api.php?username=${USER}&password=${PASS}&action=${action}${extra}`)).json()) as T;
const playlistEpisodes = async () =>
  parseM3U(await (await fetch(`${panel.url}/get.php?username=${USER}&password=${PASS}&type=m3u_plus`)).text()).channels.filter((c) => (c.url ?? '').includes('/series/'));

async function sync(phases: string[] = []) {
  const unsubscribe = subscribeEvents((e) => {
    if (e.type === 'sync') phases.push(e.phase);
  });
  try {
    const job = await requestSync(upstreamId);
    await settleSyncs();
    return (await findJob(job.id))!;
  } finally {
    unsubscribe();
  }
}

beforeAll(async () => {
  fake = await startFakeUpstream({ live: 2, vod: 2, series: SERIES, episodesPerSeries: EPISODES_PER_SERIES, categoriesPerType: 2, password: 'up-ondemand-3' });
  upstreamId = (await addFakeUpstream(fake, { name: 'OnDemand', password: 'up-ondemand-3' })).id;
  admin = await makeUser('ondemand.admin', 'admin');
  await createActiveLine(USER, PASS);
  panel = await startXtreamServer();
}, 30_000);

afterAll(() => closeAll(panel, fake));

describe('seriesEpisodes setting', () => {
  test('defaults to sync, and refuses anything but sync or on_demand with a field message', async () => {
    expect((await call(settingsApi.GET, '/api/settings', { cookie: admin.cookie })).json.seriesEpisodes).toBe('sync');
    const bad = await patchSettings({ seriesEpisodes: 'never' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('seriesEpisodes');
    const ok = await patchSettings({ seriesEpisodes: 'on_demand' });
    expect(ok.status).toBe(200);
    expect(ok.json.seriesEpisodes).toBe('on_demand');
  });

  test('on_demand: the sync stores the series but asks the provider for no series info and has no episode phase', async () => {
    const phases: string[] = [];
    const job = await sync(phases);
    expect(job.status).toBe('succeeded');
    expect(job.counts.series).toBe(SERIES);
    expect(job.counts.episodes).toBe(0);
    expect(seriesInfoCalls()).toBe(0);
    expect(await storedEpisodes()).toBe(0);
    expect(phases.some((p) => p.startsWith('episodes'))).toBe(false);
    expect(await playlistEpisodes()).toHaveLength(0);
  });

  test('on_demand: get_series_info fetches that series once, stores it, and get.php lists its episodes', async () => {
    const shows = await api<{ series_id: number }[]>('get_series');
    expect(shows).toHaveLength(SERIES);
    const first = await api<{ episodes: Record<string, unknown[]> }>('get_series_info', `&series_id=${shows[0].series_id}`);
    expect(Object.values(first.episodes).flat()).toHaveLength(EPISODES_PER_SERIES);
    expect(seriesInfoCalls()).toBe(1);
    // asked again: answered from the store
    const again = await api<{ episodes: Record<string, unknown[]> }>('get_series_info', `&series_id=${shows[0].series_id}`);
    expect(again.episodes).toEqual(first.episodes);
    expect(seriesInfoCalls()).toBe(1);
    expect(await storedEpisodes()).toBe(EPISODES_PER_SERIES);
    expect(await playlistEpisodes()).toHaveLength(EPISODES_PER_SERIES);
    // a re-sync keeps what was fetched on demand and still asks nothing
    const job = await sync();
    expect(job.status).toBe('succeeded');
    expect(job.counts.episodes).toBe(EPISODES_PER_SERIES);
    expect(seriesInfoCalls()).toBe(1);
  });

  test('back to sync: the next sync fetches every series not fetched yet, and only those', async () => {
    expect((await patchSettings({ seriesEpisodes: 'sync' })).status).toBe(200);
    const phases: string[] = [];
    const job = await sync(phases);
    expect(job.status).toBe('succeeded');
    expect(seriesInfoCalls()).toBe(SERIES);
    expect(phases).toContain(`episodes 0/${SERIES - 1}`);
    expect(job.counts.episodes).toBe(SERIES * EPISODES_PER_SERIES);
    expect(await playlistEpisodes()).toHaveLength(SERIES * EPISODES_PER_SERIES);
  });
});
