import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UpstreamClient, type CatalogType } from '@/lib/upstream';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';

let fake: FakeUpstream;
let client: UpstreamClient;

beforeAll(async () => {
  fake = await startFakeUpstream({ live: 30, vod: 40, series: 10 });
  client = new UpstreamClient({ serverUrl: fake.url, username: fake.username, password: fake.password, rateLimit: { perSecond: 0, burst: 1 } });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

async function list(type: CatalogType): Promise<unknown[]> {
  const items: unknown[] = [];
  const totals = await client.streamList(type, (item) => {
    items.push(item);
  });
  expect(totals).toEqual({ count: items.length, skipped: 0 });
  return items;
}

// `info` records are passed on raw (as the provider typed them); every typed field must agree.
function withoutRaw<T extends { info: Record<string, unknown> }>(value: T): Omit<T, 'info'> & { info: null } {
  return { ...value, info: null };
}

async function everything() {
  const seriesInfo = await client.seriesInfo(fake.catalog.series[2].id);
  return {
    live: await list('live'),
    vod: await list('vod'),
    series: await list('series'),
    categories: [await client.categories('live'), await client.categories('vod'), await client.categories('series')],
    account: (await client.login()).userInfo,
    vodInfo: withoutRaw(await client.vodInfo(fake.catalog.vod[3].id)),
    seriesInfo: { ...withoutRaw(seriesInfo), episodes: seriesInfo.episodes.map(withoutRaw) },
  };
}

describe('quirks parse into the same typed shape as clean data', () => {
  it('clean data has the expected types', async () => {
    const clean = await everything();
    expect(clean.live[0]).toMatchObject({ streamId: '1000', name: 'Channel 1', categoryId: '1', tvArchive: true, tvArchiveDuration: 3, num: 1 });
    expect(clean.vod[8]).toMatchObject({ streamId: '1000008', rating: null, containerExtension: 'mp4' });
    expect(clean.vod[1]).toMatchObject({ rating: 0.7, year: 1951, tmdbId: '10001', containerExtension: 'mkv' });
    expect(clean.vod[9]).toMatchObject({ categoryIds: ['105', '101'] });
    expect(clean.series[0]).toMatchObject({ seriesId: '1', backdropPath: ['http://img.fake/series/1-backdrop.jpg'], episodeRunTime: 42 });
    expect(clean.seriesInfo.episodes).toHaveLength(6);
    expect(clean.seriesInfo.seasons.map((s) => [s.seasonNumber, s.episodeCount])).toEqual([[1, 3], [2, 3]]);
    expect(clean.seriesInfo.episodes[0]).toMatchObject({ season: 1, episodeNum: 1, containerExtension: 'mkv', durationSecs: 1800 });
    expect(clean.seriesInfo.series).toMatchObject({ seriesId: String(fake.catalog.series[2].id), name: fake.catalog.series[2].name });
    expect(clean.vodInfo).toMatchObject({ found: true, durationSecs: 5580, containerExtension: 'mp4' });
  });

  it.each(['numbersAsStrings', 'stringsAsNumbers'] as const)('%s', async (quirk) => {
    const clean = await everything();
    fake.quirks[quirk] = true;
    expect(await everything()).toEqual(clean);
  });

  it('nullCategories: those items have no category, the rest are unchanged', async () => {
    const clean = await list('vod');
    fake.quirks.nullCategories = true;
    const quirky = await list('vod');
    quirky.forEach((item, i) => {
      if (i % 3 === 1) expect(item).toEqual({ ...(clean[i] as object), categoryId: null, categoryIds: [] });
      else expect(item).toEqual(clean[i]);
    });
  });

  it('backdropPath as a string equals the list; null gives []', async () => {
    const clean = await list('series');
    fake.quirks.backdropPath = 'string';
    expect(await list('series')).toEqual(clean);
    fake.quirks.backdropPath = 'null';
    const none = await list('series');
    expect(none).toEqual(clean.map((s) => ({ ...(s as object), backdropPath: [] })));
  });

  it('emptyObjectsAsArrays: info [] and episodes as an array keep ids, seasons and numbers', async () => {
    const id = fake.catalog.series[2].id;
    const clean = await client.seriesInfo(id);
    fake.quirks.emptyObjectsAsArrays = true;
    const quirky = await client.seriesInfo(id);
    expect(quirky.episodes).toEqual(clean.episodes.map((e) => ({ ...e, info: {}, durationSecs: null, plot: null, image: null })));
    expect(quirky.seasons.map((s) => [s.seasonNumber, s.episodeCount])).toEqual([[1, 3], [2, 3]]);
    const vod = await client.vodInfo(fake.catalog.vod[0].id);
    expect(vod).toMatchObject({ info: {}, streamId: String(fake.catalog.vod[0].id), containerExtension: 'mp4', plot: null });
  });

  it('unknown ids: vod info {"info":[]} and series 404', async () => {
    expect((await client.vodInfo(1)).found).toBe(false);
    await expect(client.seriesInfo(999_999)).rejects.toMatchObject({ code: 'not_xtream', status: 404 });
  });

  it('rows without an id are skipped and counted, not fatal', async () => {
    fake.catalog.vod[0].id = Number.NaN; // serialises as null
    const items: unknown[] = [];
    const totals = await client.streamList('vod', (item) => void items.push(item));
    expect(totals).toEqual({ count: 39, skipped: 1 });
  });
});
