import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { M3uSyntaxError, parseExtinf, readM3u, videoExtensionOf } from './m3u-parser';

async function all(text: string, chunk = 7) {
  const buf = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += chunk) parts.push(buf.subarray(i, i + chunk));
  const out = [];
  for await (const e of readM3u(Readable.from(parts))) out.push(e);
  return out;
}

describe('readM3u', () => {
  test('reads attributes, groups, titles with commas and quotes, headers from EXTVLCOPT, KODIPROP and the pipe form', async () => {
    const entries = await all(
      [
        '#EXTM3U url-tvg="http://guide.example/epg.xml"',
        '#EXTINF:-1 tvg-id="bbc1.uk" tvg-name="BBC One" tvg-logo="http://l/bbc.png" group-title="UK, General" tvg-chno="101" catchup="default" catchup-days="7",BBC One, HD',
        '#EXTVLCOPT:http-user-agent=Special Agent/1.0',
        '#EXTVLCOPT:http-referrer=http://ref.example/',
        'http://s.example/live/1.ts',
        '#EXTINF:-1,No Attributes',
        '#EXTGRP:Films',
        'http://s.example/movie/2.mkv?token=x',
        '#EXTINF:-1 tvg-id="k",Kodi',
        '#KODIPROP:inputstream.adaptive.stream_headers=User-Agent=Kodi%2F20&Referer=http://k.example/&X-Evil=1',
        'http://s.example/k.m3u8|Origin=http://o.example',
        '# a comment',
        '',
        '#EXTINF:-1 tvg-id="bad",Bad header',
        '#EXTVLCOPT:http-user-agent=a\u0000b',
        'http://s.example/bad.ts',
      ].join('\r\n'),
    );
    expect(entries).toHaveLength(4);
    expect(entries[0]).toEqual({
      name: 'BBC One, HD',
      url: 'http://s.example/live/1.ts',
      attrs: { 'tvg-id': 'bbc1.uk', 'tvg-name': 'BBC One', 'tvg-logo': 'http://l/bbc.png', 'group-title': 'UK, General', 'tvg-chno': '101', catchup: 'default', 'catchup-days': '7' },
      group: 'UK, General',
      headers: { 'user-agent': 'Special Agent/1.0', referer: 'http://ref.example/' },
    });
    expect(entries[1]).toMatchObject({ name: 'No Attributes', group: 'Films', headers: {} });
    expect(entries[2]).toMatchObject({ url: 'http://s.example/k.m3u8', headers: { 'user-agent': 'Kodi/20', referer: 'http://k.example/', origin: 'http://o.example' } });
    expect(entries[3].headers).toEqual({});
  });

  test('an HTML page or a JSON error is not a playlist', async () => {
    await expect(all('<html><body>Access denied</body></html>')).rejects.toThrow(M3uSyntaxError);
    await expect(all('{"error":"expired"}')).rejects.toThrow(M3uSyntaxError);
    await expect(all('just text\nmore')).rejects.toThrow(M3uSyntaxError);
  });

  test('an empty playlist yields nothing', async () => {
    expect(await all('#EXTM3U\n')).toEqual([]);
  });

  test('streams: 100k entries in small chunks', async () => {
    let text = '#EXTM3U\n';
    for (let i = 0; i < 100_000; i += 1) text += `#EXTINF:-1 tvg-id="c${i}" group-title="G${i % 50}",Channel ${i}\nhttp://s.example/${i}.ts\n`;
    const entries = await all(text, 65_536);
    expect(entries).toHaveLength(100_000);
    expect(entries[99_999]).toMatchObject({ name: 'Channel 99999', group: 'G49', url: 'http://s.example/99999.ts' });
  });
});

describe('helpers', () => {
  test('parseExtinf keeps unquoted attributes and an empty title', () => {
    expect(parseExtinf('#EXTINF:0 tvg-id=abc group-title="A"')).toEqual({ attrs: { 'tvg-id': 'abc', 'group-title': 'A' }, name: '' });
  });
  test('videoExtensionOf', () => {
    expect(videoExtensionOf('http://x/a/film.MKV?t=1')).toBe('mkv');
    expect(videoExtensionOf('http://x/live/1.ts')).toBeNull();
    expect(videoExtensionOf('http://x/index.m3u8')).toBeNull();
    expect(videoExtensionOf('not a url')).toBeNull();
  });
});
