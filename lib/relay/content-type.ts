// Provider bytes never become a page on the panel's origin: every stream, file and HLS answer takes
// its type from this allowlist by container, never from the provider, and tells the browser not to
// sniff it and to run nothing in it (a provider's `text/html` "movie" would otherwise run script here).

const TYPES: Record<string, string> = {
  ts: 'video/mp2t',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/mp4',
  mkv: 'video/x-matroska',
  webm: 'video/webm',
  m3u8: 'application/vnd.apple.mpegurl',
  m3u: 'application/vnd.apple.mpegurl',
  aac: 'audio/aac',
};

export const OCTET_STREAM = 'application/octet-stream';
export const HLS_PLAYLIST_TYPE = TYPES.m3u8;

/** The answer's type for a container or file extension; anything else is opaque bytes. */
export function streamContentType(extension: string | null | undefined): string {
  return (extension && Object.hasOwn(TYPES, extension.toLowerCase()) && TYPES[extension.toLowerCase()]) || OCTET_STREAM;
}

/** The headers every answer carrying provider bytes gets, with its allowlisted type. */
export function streamHeaders(contentType: string): Record<string, string> {
  return { 'Content-Type': contentType, 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': 'sandbox' };
}

/** True when a source's URL names an HLS playlist (its path ends in .m3u8 or .m3u). */
export function isHlsSource(source: { url: string }): boolean {
  try {
    return /\.m3u8?$/i.test(new URL(source.url).pathname);
  } catch {
    return false;
  }
}
