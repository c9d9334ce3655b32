// An M3U provider: a playlist of live channels and movies whose URLs point back at this fake
// (`/m3u/live/{n}.ts`, `/m3u/movie/{n}.mp4`), so the panel can sync it and relay its streams.

export interface FakePlaylistEntry {
  n: number;
  name: string;
  group: string;
  tvgId: string | null;
  logo: string;
  kind: 'live' | 'movie';
  /** `#EXTVLCOPT:http-user-agent=` for this entry. */
  userAgent: string | null;
}

export interface FakePlaylist {
  entries: FakePlaylistEntry[];
  /** When set, `/playlist.m3u` answers 500 (a fetch that fails). */
  fail: boolean;
  /** Serve the playlist gzipped (as a .gz file, without Content-Encoding). */
  gzip: boolean;
  /** The token in every live URL's query (providers rotate it). */
  token: string;
}

export const PLAYLIST_AGENT = 'NeroTest-Special/2.0 (entry user-agent)';

/** `live` channels in 10 groups, every 20th without a tvg-id, the 7th asking for its own user-agent; then `movies` movies. */
export function generatePlaylist(live: number, movies: number): FakePlaylist {
  const entries: FakePlaylistEntry[] = [];
  for (let i = 0; i < live; i += 1) {
    entries.push({
      n: i + 1,
      name: `M3U Channel ${i + 1}`,
      group: `Group ${(i % 10) + 1}`,
      tvgId: i % 20 === 19 ? null : `m3u${i + 1}.fake`,
      logo: `http://logos.example/${i + 1}.png`,
      kind: 'live',
      userAgent: i === 6 ? PLAYLIST_AGENT : null,
    });
  }
  for (let i = 0; i < movies; i += 1) {
    entries.push({ n: live + i + 1, name: `M3U Movie ${i + 1}`, group: i % 2 ? 'Films A' : 'Films B', tvgId: null, logo: `http://logos.example/m${i + 1}.jpg`, kind: 'movie', userAgent: null });
  }
  return { entries, fail: false, gzip: false, token: 'tok' };
}

export function playlistText(playlist: FakePlaylist, baseUrl: string): string {
  const lines = ['#EXTM3U'];
  for (const e of playlist.entries) {
    const id = e.tvgId ? ` tvg-id="${e.tvgId}"` : '';
    lines.push(`#EXTINF:-1${id} tvg-name="${e.name}" tvg-logo="${e.logo}" group-title="${e.group}",${e.name}`);
    if (e.userAgent) lines.push(`#EXTVLCOPT:http-user-agent=${e.userAgent}`);
    lines.push(e.kind === 'live' ? `${baseUrl}/m3u/live/${e.n}.ts?token=${playlist.token}-${e.n}` : `${baseUrl}/m3u/movie/${e.n}.mp4`);
  }
  return `${lines.join('\n')}\n`;
}
