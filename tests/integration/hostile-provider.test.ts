import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { query } from '@/db/client';
import { INJECTED_URL } from '../fake-upstream/hostile';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server';
import { withFreshDatabase } from '../helpers/database';
import { startXtreamServer, type XtreamServer } from '../helpers/xtream-server';
import { addSyncedUpstream, closeAll, createActiveLine } from '../helpers/panel-setup';

// DESIGN.md "Hostile input from both sides", the provider's side: a provider that sends an HTML page
// as a movie, points redirects and HLS URIs at a service on the panel's network, and writes line
// breaks and quotes into names and extensions. The provider sits on 127.0.0.1, the host it was
// configured with (so it is trusted, like a provider on the LAN); the "internal service" listens on
// 127.0.0.2, another loopback address, which nothing the provider names may reach.

withFreshDatabase();

const U = 'target';
const P = 'pw-target-1';
let fake: FakeUpstream;
let upstreamId = '';
let panel: XtreamServer;
let internal: { url: string; hits: string[]; close: () => Promise<void> };

async function startInternalService(): Promise<typeof internal> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '/');
    res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>INTERNAL SECRET</h1>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.2', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.2:${port}`,
    hits,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

async function publicIdOf(type: string, upstreamItemId: number): Promise<number> {
  const [row] = await query<{ public_id: number }>(
    'SELECT public_id FROM synced_content WHERE upstream_server_id = $1 AND stream_type = $2 AND stream_id = $3',
    [upstreamId, type, String(upstreamItemId)],
  );
  return row.public_id;
}

const expectProviderBytesHeaders = (res: Response) => {
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('content-security-policy')).toBe('sandbox');
};

/** A POST with a body of `size` bytes, sent with Content-Length or chunked; resolves with the status. */
function post(path: string, size: number, chunked: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = Buffer.alloc(size, 'a');
    const req = http.request(`${panel.url}${path}`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(chunked ? {} : { 'content-length': size }) },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    if (chunked) {
      for (let i = 0; i < size; i += 8 * 1024) req.write(body.subarray(i, i + 8 * 1024));
      req.end();
    } else req.end(body);
  });
}

beforeAll(async () => {
  internal = await startInternalService();
  fake = await startFakeUpstream({ live: 2, vod: 4, series: 1, episodesPerSeries: 4, quirks: { hostile: { internalUrl: internal.url } } });
  const up = await addSyncedUpstream(fake, { name: 'hostile', priority: 1 });
  upstreamId = up.id;
  await createActiveLine(U, P, {}, 'http://x');
  panel = await startXtreamServer();
}, 60_000);

afterAll(() => closeAll(panel, fake, internal));

describe('provider bytes never become a page', () => {
  test("the provider's text/html movie is served as video or octet-stream, with nosniff and a sandbox CSP", async () => {
    const id = await publicIdOf('vod', fake.catalog.vod[0].id);
    for (const [ext, type] of [['mp4', 'video/mp4'], ['mkv', 'video/x-matroska'], ['html', 'application/octet-stream']]) {
      for (const method of ['GET', 'HEAD']) {
        const res = await fetch(`${panel.url}/movie/${U}/${P}/${id}.${ext}`, { method });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe(type);
        expectProviderBytesHeaders(res);
        await res.arrayBuffer();
      }
    }
  });

  test('live .ts and HLS answers carry an allowlisted type, nosniff and a sandbox CSP', async () => {
    const id = await publicIdOf('live', fake.catalog.live[0].id);
    const head = await fetch(`${panel.url}/live/${U}/${P}/${id}.ts`, { method: 'HEAD' });
    expect(head.headers.get('content-type')).toBe('video/mp2t');
    expectProviderBytesHeaders(head);
    const playlist = await fetch(`${panel.url}/live/${U}/${P}/${id}.m3u8`);
    expect(playlist.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expectProviderBytesHeaders(playlist);
    await playlist.text();

    const controller = new AbortController();
    const live = await fetch(`${panel.url}/live/${U}/${P}/${id}.ts`, { signal: controller.signal });
    expect(live.status).toBe(200);
    expect(live.headers.get('content-type')).toBe('video/mp2t');
    expectProviderBytesHeaders(live);
    controller.abort();
  });
});

describe('no request through provider content reaches a non-public address', () => {
  test('a movie that redirects to an internal address answers 502 and the internal service sees nothing', async () => {
    const id = await publicIdOf('vod', fake.catalog.vod[1].id);
    for (const method of ['GET', 'HEAD']) {
      const res = await fetch(`${panel.url}/movie/${U}/${P}/${id}.mp4`, { method });
      expect(res.status).toBe(502);
      expect(await res.text()).not.toContain('INTERNAL');
    }
    expect(internal.hits).toEqual([]);
  });

  test("the HLS playlist's internal variant, key, segment and redirecting segment answer 502; its own segment plays", async () => {
    const id = await publicIdOf('live', fake.catalog.live[1].id);
    const master = await (await fetch(`${panel.url}/live/${U}/${P}/${id}.m3u8`)).text();
    const variants = master.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(variants).toHaveLength(2);
    expect(variants.every((uri) => uri.startsWith(`${panel.url}/hls/`))).toBe(true);
    expect(master).not.toContain('127.0.0.2');

    const [ownVariant, internalVariant] = await Promise.all(variants.map((uri) => fetch(uri)));
    expect(internalVariant.status).toBe(502);
    expect(await internalVariant.text()).not.toContain('INTERNAL');
    expect(ownVariant.status).toBe(200);
    const media = await ownVariant.text();
    expect(media).not.toContain('127.0.0.2');

    const key = /URI="([^"]+)"/.exec(media)?.[1] ?? '';
    const [ownSegment, internalSegment, bounce] = media.split('\n').filter((l) => l && !l.startsWith('#'));
    for (const uri of [key, internalSegment, bounce]) {
      expect(uri.startsWith(`${panel.url}/hls/`)).toBe(true);
      const res = await fetch(uri);
      expect(res.status).toBe(502);
      expect(await res.text()).not.toContain('INTERNAL');
    }
    const segment = await fetch(ownSegment);
    expect(segment.status).toBe(200);
    expect(segment.headers.get('content-type')).toBe('video/mp2t');
    expectProviderBytesHeaders(segment);
    expect((await segment.arrayBuffer()).byteLength).toBeGreaterThan(0);

    expect(internal.hits).toEqual([]);
  });
});

describe('player request limits', () => {
  test('a 100 KB player POST answers 413, with Content-Length or chunked; a small one still works', async () => {
    expect(await post(`/player_api.php?username=${U}&password=${P}`, 100 * 1024, false)).toBe(413);
    expect(await post(`/player_api.php?username=${U}&password=${P}`, 100 * 1024, true)).toBe(413);
    expect(await post(`/get.php?username=${U}&password=${P}`, 100 * 1024, false)).toBe(413);
    expect(await post(`/player_api.php?username=${U}&password=${P}`, 1024, false)).toBe(200);
  });
});

describe('get.php from a hostile provider', () => {
  test('every line that is not a # line is a panel URL, and every #EXTINF is followed by one', async () => {
    const series = await query<{ public_id: number }>("SELECT public_id FROM synced_content WHERE upstream_server_id = $1 AND stream_type = 'series'", [upstreamId]);
    // Episodes are fetched on demand: ask for them so they are in the playlist too.
    const info = await fetch(`${panel.url}/player_api.php?username=${U}&password=${P}&action=get_series_info&series_id=${series[0].public_id}`);
    expect(info.status).toBe(200);

    const res = await fetch(`${panel.url}/get.php?username=${U}&password=${P}&type=m3u_plus`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('Injected'); // the provider's text is there, on its own line's terms
    // Every line break a player's parser might honour.
    const lines = text.split(/\r\n|[\r\n\v\f\u0085\u2028\u2029]/).filter((l) => l.trim() !== '');
    const entries = lines.filter((l) => l.startsWith('#EXTINF'));
    expect(entries.length).toBe(fake.catalog.live.length + fake.catalog.vod.length + 4);
    for (const line of lines.filter((l) => !l.startsWith('#'))) expect(line.startsWith(`${panel.url}/`)).toBe(true);
    lines.forEach((line, i) => {
      if (line.startsWith('#EXTINF')) expect(lines[i + 1]?.startsWith(`${panel.url}/`)).toBe(true);
    });
    expect(text).not.toContain(`\n${INJECTED_URL}`);
    expect(text).not.toMatch(/\.\.\/|\/x\s*$/m);
  });
});
