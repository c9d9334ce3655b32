import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as settingsApi from '@/app/api/settings/route';
import { configureArtworkCache } from '@/lib/artwork/disk-cache';
import { artworkResponse } from '@/lib/artwork/serve-artwork';
import { createLocalContent } from '@/lib/local-content/service';
import { servePlayerRequest } from '@/server/player-routes';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { call, makeUser } from '../helpers/admin-api';
import { withFreshDatabase } from '../helpers/database';
import { listenLocal } from '../helpers/listen';
import { addSyncedUpstream, closeAll, createActiveLine } from '../helpers/panel-setup';

// proxyArtworkInLists: off, player answers name the provider's images; on, `{panel}/img/{token}`
// links that answer the image, fetched from the provider once however often they are asked.
withFreshDatabase();

let fake: FakeUpstream;
let panel: { url: string; close: () => Promise<void> };
let admin: { cookie: string };
let localPoster = '';
const auth = 'username=art-line&password=art-pw-1';

type Row = Record<string, unknown>;
const api = async (action: string, extra = '') => {
  const res = await fetch(`${panel.url}/player_api.php?${auth}&action=${action}${extra}`);
  expect(res.status).toBe(200);
  return { etag: res.headers.get('etag'), body: (await res.json()) as unknown };
};
const text = async (p: string) => (await fetch(`${panel.url}${p}?${auth}`)).text();
const setProxy = async (on: boolean) => {
  const res = await call(settingsApi.PATCH, '/api/settings', { method: 'PATCH', cookie: admin.cookie, body: { proxyArtworkInLists: on } });
  expect(res.status).toBe(200);
};

/** Every image a player sees: list icons and covers, backdrops, info images, M3U logos, XMLTV icons. */
async function playerImages() {
  const live = (await api('get_live_streams')).body as Row[];
  const vod = (await api('get_vod_streams')).body as Row[];
  const series = (await api('get_series')).body as Row[];
  const vodInfo = (await api('get_vod_info', `&vod_id=${vod.find((v) => !String(v.name).startsWith('Local'))!.stream_id}`)).body as { info: Row };
  const seriesInfo = (await api('get_series_info', `&series_id=${series[0].series_id}`)).body as { info: Row };
  const m3u = [...(await text('/get.php')).matchAll(/tvg-logo="([^"]*)"/g)].map((m) => m[1]).filter(Boolean);
  const xmltv = [...(await text('/xmltv.php')).matchAll(/<icon src="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
  return {
    live: live.map((r) => String(r.stream_icon)),
    vod: vod.map((r) => String(r.stream_icon)),
    local: String(vod.find((v) => v.name === 'Local poster movie')!.stream_icon),
    series: series.flatMap((r) => [String(r.cover), ...(r.backdrop_path as string[])]),
    info: [vodInfo.info.movie_image, vodInfo.info.cover_big, seriesInfo.info.cover, ...(seriesInfo.info.backdrop_path as string[])].map(String),
    m3u,
    xmltv,
  };
}

beforeAll(async () => {
  configureArtworkCache({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'np-player-art-')), limitBytes: 64 * 1024 * 1024 });
  fake = await startFakeUpstream({ live: 3, vod: 3, series: 2, categoriesPerType: 1, artwork: true });
  await addSyncedUpstream(fake, { name: 'Art provider' });
  localPoster = `${new URL(fake.url).origin}/art/local/poster.png`;
  await createLocalContent({ title: 'Local poster movie', contentType: 'movie', streamUrl: 'http://127.0.0.1:9/local.mp4', posterUrl: localPoster, genre: [], isActive: true }, null);
  await createActiveLine('art-line', 'art-pw-1');
  admin = await makeUser('art-admin', 'admin');
  // The player surface and /img on one port, as the production server answers them.
  panel = await listenLocal(
    http.createServer(async (req, res) => {
      if (servePlayerRequest(req, res)) return;
      const url = new URL(req.url ?? '/', 'http://x');
      if (!url.pathname.startsWith('/img/')) return void res.writeHead(404).end();
      const answer = await artworkResponse(url.pathname.slice('/img/'.length), url.searchParams.get('w'));
      res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(Buffer.from(await answer.arrayBuffer()));
    }),
  );
}, 60_000);

afterAll(async () => {
  await setProxy(false);
  await closeAll(panel, fake);
});

describe('proxyArtworkInLists', () => {
  test('off (the default): every image is the provider URL as synced', async () => {
    const images = await playerImages();
    const providerOrigin = new URL(fake.url).origin;
    expect(images.live.sort()).toEqual(fake.catalog.live.map((c) => c.icon).sort());
    expect(images.local).toBe(localPoster);
    expect(images.series).toEqual(expect.arrayContaining(fake.catalog.series.flatMap((s) => [s.cover, s.backdrop])));
    for (const url of Object.values(images).flat()) expect(url.startsWith(`${providerOrigin}/art/`)).toBe(true);
    expect(images.m3u.length).toBeGreaterThanOrEqual(fake.catalog.live.length + fake.catalog.vod.length);
    expect(images.xmltv.length).toBeGreaterThan(0);
  });

  test('on: every image is a panel /img link that answers the image, fetched from the provider once', async () => {
    const before = (await api('get_vod_streams')).etag;
    await setProxy(true);
    const after = await api('get_vod_streams');
    // A fresh list with its own ETag: a player holding the old one does not get a 304.
    expect(after.etag).not.toBe(before);
    const images = await playerImages();
    const all = Object.values(images).flat();
    expect(all.length).toBeGreaterThan(10);
    for (const url of all) expect(url).toMatch(new RegExp(`^${panel.url}/img/[\\w-]+\\.[\\w-]{32}$`));
    // The provider has not been asked for anything yet: links are made without fetching.
    expect(fake.stats.artwork).toEqual({});

    // The same image has the same link in every answer (one cache entry per image).
    expect(images.m3u).toEqual(expect.arrayContaining(images.live));
    expect(images.xmltv.every((u) => images.live.includes(u))).toBe(true);

    const logo = images.live[0];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(logo);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
    // Five views, one fetch, of a channel logo.
    expect(Object.values(fake.stats.artwork)).toEqual([1]);
    expect(fake.catalog.live.map((c) => new URL(c.icon).pathname)).toContain(Object.keys(fake.stats.artwork)[0]);

    // Local content's poster too, trusted as the admin named it.
    const local = await fetch(images.local);
    expect(local.status).toBe(200);
    expect(fake.stats.artwork['/art/local/poster.png']).toBe(1);
    // A series backdrop and a VOD info image answer as well.
    for (const url of [images.series[1], images.info[0]]) expect((await fetch(url)).status).toBe(200);
  });

  test('on, without PUBLIC_URL: a few Host names get their own links, any further one the first (list variants stay bounded)', async () => {
    const iconFor = (host: string) =>
      new Promise<string>((resolve, reject) => {
        const u = new URL(`${panel.url}/player_api.php?${auth}&action=get_live_streams`);
        http
          .get({ hostname: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, headers: { host } }, (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (body += c));
            res.on('end', () => resolve(String((JSON.parse(body) as Row[])[0].stream_icon)));
          })
          .on('error', reject);
      });
    // The panel's own address was the first base seen (the test above); three more are admitted.
    for (const host of ['tv.example.org', '192.168.1.20:8080', 'panel.example.net']) expect(await iconFor(host)).toMatch(new RegExp(`^http://${host.replace(/\./g, '\\.')}(:\\d+)?/img/`));
    for (const host of ['rotating-1.example', 'rotating-2.example']) expect(await iconFor(host)).toMatch(new RegExp(`^${panel.url}/img/`));
  });

  test('off again: the provider URLs come back at once', async () => {
    await setProxy(false);
    const images = await playerImages();
    expect(images.live.sort()).toEqual(fake.catalog.live.map((c) => c.icon).sort());
    expect(images.local).toBe(localPoster);
    expect(Object.values(images).flat().some((u) => u.includes('/img/'))).toBe(false);
  });
});
