import { request } from 'undici';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeFileBytes, startFakeUpstream, tsPacketSize, type FakeUpstream } from '../fake-upstream/server';

let fake: FakeUpstream;
beforeAll(async () => {
  fake = await startFakeUpstream({ fileBytes: 300_000, liveBytesPerSecond: 500_000 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const creds = () => `${fake.username}/${fake.password}`;

describe('fake upstream streams', () => {
  it('live .ts: endless 188-byte packets with sync bytes, counted per stream while open', async () => {
    const id = fake.catalog.live[0].id;
    const controller = new AbortController();
    const res = await request(`${fake.url}/live/${creds()}/${id}.ts`, { signal: controller.signal });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('video/mp2t');
    expect(fake.stats.openLive[String(id)]).toBe(1);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= tsPacketSize * 100) break;
    }
    const bytes = Buffer.concat(chunks);
    for (let offset = 0; offset + tsPacketSize <= bytes.length; offset += tsPacketSize) expect(bytes[offset]).toBe(0x47);
    controller.abort();
    await expect.poll(() => fake.stats.openLive[String(id)] ?? 0).toBe(0);
  });

  it('movie: deterministic body, Range 206, 416 and HEAD', async () => {
    const movie = fake.catalog.vod[0];
    const url = `${fake.url}/movie/${creds()}/${movie.id}.${movie.extension}`;
    const full = await request(url);
    expect(full.statusCode).toBe(200);
    expect(Buffer.from(await full.body.arrayBuffer()).equals(fakeFileBytes(movie.id, 0, 300_000))).toBe(true);

    const part = await request(url, { headers: { range: 'bytes=1000-1999' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 1000-1999/300000');
    expect(Buffer.from(await part.body.arrayBuffer()).equals(fakeFileBytes(movie.id, 1000, 2000))).toBe(true);

    const tail = await request(url, { headers: { range: 'bytes=-10' } });
    expect(tail.headers['content-range']).toBe('bytes 299990-299999/300000');
    await tail.body.dump();

    const beyond = await request(url, { headers: { range: 'bytes=400000-' } });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers['content-range']).toBe('bytes */300000');
    await beyond.body.dump();

    const head = await request(url, { method: 'HEAD' });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe('300000');
    await head.body.dump();
  });

  it('live .m3u8: redirect to a playlist with relative, absolute and key URIs that all resolve', async () => {
    const id = fake.catalog.live[1].id;
    const redirect = await request(`${fake.url}/live/${creds()}/${id}.m3u8`);
    expect(redirect.statusCode).toBe(302);
    await redirect.body.dump();
    const playlistUrl = new URL(String(redirect.headers.location), fake.url);
    const playlist = await (await request(playlistUrl)).body.text();
    expect(playlist).toContain('#EXT-X-KEY:METHOD=AES-128,URI="key.bin"');
    const uris = playlist.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    expect(uris).toEqual(['seg-1.ts', 'seg-2.ts', expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/hls\/.+\/seg-3\.ts$/)]);
    for (const uri of [...uris, 'key.bin']) {
      const res = await request(new URL(uri, playlistUrl));
      expect(res.statusCode).toBe(200);
      const body = Buffer.from(await res.body.arrayBuffer());
      if (uri.endsWith('.ts')) expect(body[0]).toBe(0x47);
      else expect(body).toHaveLength(16);
    }
  });

  it('streams refuse wrong credentials and unknown ids', async () => {
    const wrong = await request(`${fake.url}/movie/user/nope/${fake.catalog.vod[0].id}.mp4`);
    expect(wrong.statusCode).toBe(401);
    await wrong.body.dump();
    const missing = await request(`${fake.url}/movie/${creds()}/1.mp4`);
    expect(missing.statusCode).toBe(404);
    await missing.body.dump();
  });

  it('xmltv.php: channels with epg ids and their programmes, gzip when accepted', async () => {
    const res = await request(`${fake.url}/xmltv.php?username=${fake.username}&password=${fake.password}`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(res.headers['content-encoding']).toBe('gzip');
    const xml = gunzipSync(Buffer.from(await res.body.arrayBuffer())).toString('utf8');
    const withEpg = fake.catalog.live.filter((c) => c.epgChannelId !== null);
    expect(xml.match(/<channel id=/g)).toHaveLength(withEpg.length);
    expect(xml.match(/<programme /g)).toHaveLength(withEpg.length * 6);
    expect(xml).toMatch(/start="\d{14} \+0000"/);
    expect(xml.trim().endsWith('</tv>')).toBe(true);
  });

  it('drops and renames items, and reset() brings the generated catalog back', async () => {
    const dropped = fake.dropItems('vod', 3);
    expect(dropped).toHaveLength(3);
    expect(fake.catalog.vod.some((m) => dropped.includes(m.id))).toBe(false);
    const renamed = fake.renameItems('live', 2);
    expect(fake.catalog.live[0].name).toMatch(/\(renamed\)$/);
    expect(renamed).toEqual([fake.catalog.live[0].id, fake.catalog.live[1].id]);
    fake.reset();
    expect(fake.catalog.vod).toHaveLength(40);
    expect(fake.catalog.live[0].name).not.toMatch(/renamed/);
  });

  it('generates 100,000 movies + 20,000 live + 10,000 series in a few seconds at most', async () => {
    const started = process.cpuUsage();
    const big = await startFakeUpstream({ vod: 100_000, live: 20_000, series: 10_000 });
    // about 0.3 s on an idle 2-core machine. Counted in this process's CPU time, not wall time: other
    // processes on a busy machine (parallel test files) stretch the clock, not the work.
    const cpu = process.cpuUsage(started);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(5000);
    expect(big.catalog.vod).toHaveLength(100_000);
    await big.close();
  });
});
