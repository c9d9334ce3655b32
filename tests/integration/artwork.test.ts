import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { NextRequest } from 'next/server';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { GET as artworkRoute } from '@/app/img/[token]/route';
import { configureArtworkCache } from '@/lib/artwork/disk-cache';
import { artworkLink, artworkPath } from '@/lib/artwork/token';
import { listenLocal } from '../helpers/listen';

// A real 1×1 PNG, and a host that counts every fetch.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const hits = new Map<string, number>();
let host: { url: string; close: () => Promise<void> };
let cacheDir = '';
// A real 800×1200 poster (a JPEG) and a PNG whose header is right and whose body is not an image.
let POSTER = Buffer.alloc(0);
const BROKEN = Buffer.concat([PNG.subarray(0, 16), Buffer.alloc(200, 7)]);

async function get(link: string): Promise<Response> {
  const token = link.replace(/^\/img\//, '').replace(/\?.*$/, '');
  return artworkRoute(new NextRequest(new URL(link, 'http://127.0.0.1:3999')), { params: Promise.resolve({ token }) });
}

beforeAll(async () => {
  POSTER = await sharp({ create: { width: 800, height: 1200, channels: 3, background: { r: 180, g: 40, b: 30 } } }).jpeg().toBuffer();
  const server = http.createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(p, (hits.get(p) ?? 0) + 1);
    if (p.startsWith('/poster')) {
      // Slow enough that 20 views asked at once all overlap the one fetch.
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end(PNG), 150);
    } else if (p.startsWith('/big')) setTimeout(() => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(POSTER), 100);
    else if (p === '/broken.png') res.writeHead(200, { 'content-type': 'image/png' }).end(BROKEN);
    else if (p === '/page.html') res.writeHead(200, { 'content-type': 'image/png' }).end('<html><script>alert(1)</script></html>');
    else if (p === '/huge.png') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.concat([PNG, Buffer.alloc(6 * 1024 * 1024)]));
    } else if (p === '/moved') res.writeHead(302, { location: '/poster-moved.png' }).end();
    else res.writeHead(404).end();
  });
  host = await listenLocal(server);
});

beforeEach(() => {
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-artwork-'));
  configureArtworkCache({ dir: cacheDir, limitBytes: 256 * 1024 * 1024 });
  hits.clear();
});

afterAll(async () => {
  await host?.close();
});

describe('/img/{token}', () => {
  test('fetches a poster once for 20 page views, concurrent and later ones, and answers an image', async () => {
    const link = artworkLink(`${host.url}/poster.png`, host.url)!;
    expect(link).toMatch(/^\/img\/[\w-]+\.[\w-]{32}$/);
    const first = await Promise.all(Array.from({ length: 10 }, () => get(link)));
    const later = [];
    for (let i = 0; i < 10; i++) later.push(await get(link));
    for (const res of [...first, ...later]) {
      expect(res.status).toBe(200);
      // The type comes from the bytes, never from the provider's header (which said text/plain).
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
    }
    expect(hits.get('/poster.png')).toBe(1);
    expect(fs.readdirSync(cacheDir).filter((f) => f.endsWith('.img'))).toHaveLength(1);
  });

  test('a token that was not signed by the panel is a 404 and fetches nothing', async () => {
    const link = artworkLink(`${host.url}/poster.png`, host.url)!;
    const forged = link.replace(/\.[\w-]{32}$/, '.' + 'A'.repeat(32));
    expect((await get(forged)).status).toBe(404);
    expect((await get('/img/not-a-token')).status).toBe(404);
    expect(hits.size).toBe(0);
  });

  test('the stream SSRF rule: a loopback host that is not the trusted one is never contacted', async () => {
    const link = artworkLink(`${host.url}/poster.png`, 'http://provider.example');
    const res = await get(link!);
    expect(res.status).toBe(502);
    expect(hits.size).toBe(0);
  });

  test('only images: an HTML page is refused, an over-sized file is cut off', async () => {
    for (const p of ['/page.html', '/huge.png']) {
      const res = await get(artworkLink(`${host.url}${p}`, host.url)!);
      expect(res.status).toBe(502);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    }
    expect(await (await get(artworkLink(`${host.url}/huge.png`, host.url)!)).text()).toMatch(/too large/);
  });

  test('follows a redirect under the same rule', async () => {
    const res = await get(artworkLink(`${host.url}/moved`, host.url)!);
    expect(res.status).toBe(200);
    expect(hits.get('/poster-moved.png')).toBe(1);
  });

  test('the disk cache keeps within its limit, least recently used out first', async () => {
    // Room for two and a half images: a third one evicts one (pruning goes down to 90% of the limit).
    configureArtworkCache({ dir: cacheDir, limitBytes: Math.floor(PNG.length * 2.5) });
    const links = ['/poster-a.png', '/poster-b.png', '/poster-c.png'].map((p) => artworkLink(`${host.url}${p}`, host.url)!);
    await get(links[0]);
    await new Promise((r) => setTimeout(r, 20));
    await get(links[1]);
    await new Promise((r) => setTimeout(r, 20));
    await get(links[0]); // a hit: a is now the most recently used
    await new Promise((r) => setTimeout(r, 20));
    await get(links[2]); // over the limit: b goes
    expect(fs.readdirSync(cacheDir).filter((f) => f.endsWith('.img'))).toHaveLength(2);
    await get(links[0]);
    await get(links[1]);
    expect(hits.get('/poster-a.png')).toBe(1);
    expect(hits.get('/poster-b.png')).toBe(2);
  });

  test('a link names only http(s) images', () => {
    expect(artworkLink('javascript:alert(1)', null)).toBeNull();
    expect(artworkLink('', null)).toBeNull();
    expect(artworkPath({ url: 'http://a/b.png', trustedHost: '' })).toBe(artworkPath({ url: 'http://a/b.png', trustedHost: '' }));
  });
});

describe('/img/{token}?w= thumbnails', () => {
  const widthOf = async (res: Response) => (await sharp(Buffer.from(await res.arrayBuffer())).metadata()).width;

  test('a thumbnail is a WebP that wide, made from one fetch of the original and cached apart from it', async () => {
    const link = artworkLink(`${host.url}/big-poster.jpg`, host.url)!;
    // Thumbnails of two widths and the original, asked for at once and again later.
    const asks = [`${link}?w=160`, `${link}?w=160`, `${link}?w=320`, link];
    const first = await Promise.all(asks.map((l) => get(l)));
    const later = await Promise.all(asks.map((l) => get(l)));
    for (const [i, res] of [...first, ...later].entries()) {
      expect(res.status).toBe(200);
      const asked = asks[i % asks.length];
      if (asked === link) {
        expect(res.headers.get('content-type')).toBe('image/jpeg');
        expect(await widthOf(res)).toBe(800);
      } else {
        expect(res.headers.get('content-type')).toBe('image/webp');
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(await widthOf(res)).toBe(Number(asked.split('w=')[1]));
      }
    }
    expect(hits.get('/big-poster.jpg')).toBe(1);
    // The original and one file per width.
    expect(fs.readdirSync(cacheDir).filter((f) => f.endsWith('.img'))).toHaveLength(3);
    const thumb = await get(`${link}?w=160`);
    expect(Number(thumb.headers.get('content-length'))).toBeLessThan(POSTER.length);
  });

  test('a thumbnail is never enlarged', async () => {
    const res = await get(`${artworkLink(`${host.url}/poster-small.png`, host.url)!}?w=640`);
    expect(res.status).toBe(200);
    expect(await widthOf(res)).toBe(1);
  });

  test('a width that is not offered is a 400 and fetches nothing', async () => {
    const link = artworkLink(`${host.url}/big-other.jpg`, host.url)!;
    for (const w of ['123', '0', '-160', '160px', '1e3', '']) {
      const res = await get(`${link}?w=${w}`);
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/96, 160, 320, 640/);
    }
    expect(hits.size).toBe(0);
  });

  test('an image that sniffs right but does not decode is a 502, and the SSRF rule still holds', async () => {
    const broken = await get(`${artworkLink(`${host.url}/broken.png`, host.url)!}?w=96`);
    expect(broken.status).toBe(502);
    expect(await broken.text()).toMatch(/could not be decoded/);
    const blocked = await get(`${artworkLink(`${host.url}/big-poster.jpg`, 'http://provider.example')!}?w=96`);
    expect(blocked.status).toBe(502);
    expect(hits.get('/big-poster.jpg')).toBeUndefined();
  });

  test('thumbnails count against the same disk limit as originals', async () => {
    const link = artworkLink(`${host.url}/big-limit.jpg`, host.url)!;
    await get(`${link}?w=640`);
    const thumbBytes = fs.readdirSync(cacheDir).filter((f) => f.endsWith('-w640.img')).map((f) => fs.statSync(path.join(cacheDir, f)).size)[0];
    expect(thumbBytes).toBeGreaterThan(0);
    // Room for the original and less than one more thumbnail: making two more evicts the oldest files.
    configureArtworkCache({ dir: cacheDir, limitBytes: POSTER.length + thumbBytes + Math.floor(thumbBytes / 2) });
    await new Promise((r) => setTimeout(r, 20));
    await get(`${link}?w=320`);
    await new Promise((r) => setTimeout(r, 20));
    await get(`${link}?w=160`);
    const total = fs.readdirSync(cacheDir).filter((f) => f.endsWith('.img')).reduce((a, f) => a + fs.statSync(path.join(cacheDir, f)).size, 0);
    expect(total).toBeLessThanOrEqual(POSTER.length + thumbBytes + Math.floor(thumbBytes / 2));
    expect(fs.readdirSync(cacheDir).some((f) => f.endsWith('-w640.img'))).toBe(false);
  });
});
