import { playlistEpisodesPage } from '@/db/queries/playlist';
import { providerArtwork, type ArtworkRewrite } from '@/lib/artwork/player-artwork';
import { curatedKind } from '@/lib/curation/curated-catalog';
import { lineCatalog } from '@/lib/curation/line-catalog';
import { containerExtensionOf } from '@/lib/upstream';

const PAGE = 5000;

export interface PlaylistOptions {
  baseUrl: string;
  username: string;
  password: string;
  /** m3u_plus carries attributes; m3u is the bare form. */
  plus: boolean;
  liveExtension: 'ts' | 'm3u8';
  /** The account's bouquets in order (empty: the whole catalog). */
  bouquetIds: readonly string[];
  /** `tvg-logo` as the provider's URL (the default) or the panel's /img link (proxyArtworkInLists). */
  img?: ArtworkRewrite;
}

/**
 * The live extension of the playlist's URLs: `output` (`hls` is m3u8, `mpegts` ts, default ts) when the
 * account may play it, else a format it may (an m3u8-only account gets m3u8 URLs, never URLs the
 * panel would then refuse).
 */
export function playlistLiveExtension(output: string | undefined, allowed: readonly ('ts' | 'm3u8')[]): 'ts' | 'm3u8' {
  const o = (output ?? 'ts').toLowerCase();
  const asked = o === 'm3u8' || o === 'hls' ? 'm3u8' : 'ts';
  return allowed.includes(asked) || allowed.length === 0 ? asked : allowed[0];
}

/** A provider value that cannot break its line or its attribute: no quotes, no line breaks or other control characters. */
export const attr = (v: string) => v.replace(/["\u0000-\u001f\u007f\u0085\u2028\u2029]/g, (c) => (c === '"' ? "'" : ' '));
/** The title after the comma ends its line: it keeps its quotes, loses every line break. */
const title = (v: string) => v.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ');
/** A stored extension is the provider's word too (rows synced before it was checked): 1–8 letters or digits. */
const ext = (v: string | null) => containerExtensionOf(v, 'mp4');

/**
 * The M3U playlist (XTREAM.md §4) of what the account sees: live channels and movies from its catalog
 * (names, numbers as `tvg-chno`, logos and guide ids as its lists show them), then episodes of its
 * series, produced a page at a time so a 100k-item playlist is never one string.
 */
export async function* m3uPlaylist(o: PlaylistOptions): AsyncGenerator<string> {
  const img = o.img ?? providerArtwork;
  const cred = `${encodeURIComponent(o.username)}/${encodeURIComponent(o.password)}`;
  const guide = `${o.baseUrl}/xmltv.php?username=${encodeURIComponent(o.username)}&password=${encodeURIComponent(o.password)}`;
  yield o.plus ? `#EXTM3U x-tvg-url="${attr(guide)}"\r\n` : '#EXTM3U\r\n';
  const entry = (name: string, fields: Record<string, string>, url: string) => {
    const attrs = o.plus ? Object.entries(fields).map(([k, v]) => ` ${k}="${attr(v)}"`).join('') : '';
    return `#EXTINF:-1${attrs},${title(name)}\r\n${url}\r\n`;
  };

  for (const kind of ['live', 'vod'] as const) {
    const view = await lineCatalog(o.bouquetIds, kind);
    const group = new Map((await curatedKind(kind, view.version)).categories.map((c) => [c.id, c.name]));
    for (let i = 0; i < view.items.length; i += PAGE) {
      let chunk = '';
      for (const { item: r, num } of view.items.slice(i, i + PAGE)) {
        const fields: Record<string, string> = { 'tvg-id': r.epg_channel_id ?? '', 'tvg-name': r.name, 'tvg-logo': img(r.icon, r), 'group-title': group.get(r.category) ?? 'Uncategorized' };
        if (kind === 'live') {
          fields['tvg-chno'] = String(num);
          if (r.tv_archive) Object.assign(fields, { catchup: 'xc', 'catchup-days': String(r.tv_archive_duration) });
        }
        const url = kind === 'live' ? `${o.baseUrl}/live/${cred}/${r.public_id}.${o.liveExtension}` : `${o.baseUrl}/movie/${cred}/${r.public_id}.${ext(r.container_extension)}`;
        chunk += entry(r.name, fields, url);
      }
      yield chunk;
    }
  }
  const series = await lineCatalog(o.bouquetIds, 'series');
  const curated = await curatedKind('series', series.version);
  const group = new Map(curated.categories.map((c) => [c.id, c.name]));
  for (let after = 0; ; ) {
    const rows = await playlistEpisodesPage(after, PAGE);
    if (rows.length === 0) break;
    let chunk = '';
    for (const r of rows) {
      const show = series.ids.has(Number(r.series_public_id)) ? curated.byId.get(Number(r.series_public_id)) : undefined;
      if (!show) continue;
      const name = `${show.name} S${String(r.season).padStart(2, '0')}E${String(r.episode).padStart(2, '0')}${r.title ? ` ${r.title}` : ''}`;
      const fields = { 'tvg-id': '', 'tvg-name': name, 'tvg-logo': img(show.icon, show), 'group-title': group.get(show.category) ?? 'Uncategorized' };
      chunk += entry(name, fields, `${o.baseUrl}/series/${cred}/${r.public_id}.${ext(r.container_extension)}`);
    }
    yield chunk;
    after = rows[rows.length - 1].public_id;
  }
}
