import type { ServerResponse } from 'node:http';
import type { Json, Quirks } from './quirks';

// The hostile provider (`quirks.hostile`): what a provider, or anyone on the plain-HTTP path to it,
// can send to attack the panel. Off by default, like every quirk.

/** Where injected playlist lines would send a player. */
export const INJECTED_URL = 'http://evil.example/injected.ts';
const INJECTION = `"\r\n#EXTINF:-1 tvg-id="x",Injected\r\n${INJECTED_URL}\r\n#`;

/**
 * Text fields with line breaks and quotes; extensions `mp4\r\n#EXTINF...` and `../../x` on the 3rd and
 * 4th of every four rows (the first two movies keep theirs: they attack through their answers).
 */
export function bendRow(row: { [key: string]: Json }, index: number, quirks: Quirks): { [key: string]: Json } {
  if (!quirks.hostile) return row;
  const out = { ...row };
  for (const key of ['name', 'title', 'category_name']) if (typeof out[key] === 'string') out[key] = `${out[key]}${INJECTION}`;
  if ('stream_icon' in out) out.stream_icon = `http://img.fake/logo.png${INJECTION}`;
  if ('epg_channel_id' in out) out.epg_channel_id = `channel${INJECTION}`;
  const badExtension = [null, null, `mp4\r\n#EXTINF:-1,Injected\r\n${INJECTED_URL}`, '../../x'][index % 4];
  if ('container_extension' in out && badExtension) out.container_extension = badExtension;
  return out;
}

/** Movie `index` 0 is an HTML page with a script; 1 redirects to the internal service. True when answered. */
export function sendHostileMovie(res: ServerResponse, index: number, quirks: Quirks): boolean {
  if (!quirks.hostile) return false;
  if (index === 0) {
    const body = Buffer.from('<!DOCTYPE html><html><body><script>fetch("/api/users",{method:"POST"})</script></body></html>\n');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
    res.end(body);
    return true;
  }
  if (index === 1) {
    res.writeHead(302, { location: `${quirks.hostile.internalUrl}/movie.mp4` });
    res.end();
    return true;
  }
  return false;
}

/**
 * The live HLS answer of the hostile provider: `index.m3u8` is a master playlist with its own media
 * playlist and a variant on the internal service; `media.m3u8` has its key and one segment on the
 * internal service, one segment of its own and one that redirects there (`bounce.ts`).
 */
export function hostilePlaylist(file: 'index.m3u8' | 'media.m3u8', internalUrl: string): string {
  if (file === 'index.m3u8') {
    return ['#EXTM3U', '#EXT-X-STREAM-INF:BANDWIDTH=800000', 'media.m3u8', '#EXT-X-STREAM-INF:BANDWIDTH=400000', `${internalUrl}/variant.m3u8`, ''].join('\n');
  }
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    '#EXT-X-TARGETDURATION:4',
    '#EXT-X-MEDIA-SEQUENCE:1',
    `#EXT-X-KEY:METHOD=AES-128,URI="${internalUrl}/key.bin"`,
    '#EXTINF:4.000,',
    'seg-1.ts',
    '#EXTINF:4.000,',
    `${internalUrl}/seg-2.ts`,
    '#EXTINF:4.000,',
    'bounce.ts',
    '',
  ].join('\n');
}
