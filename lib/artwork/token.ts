import crypto from 'node:crypto';
import { signValue } from '@/lib/crypto/secret-box';

/** An image the panel may fetch: its URL and the host trusted like the source it came from (SSRF rule). */
export interface ArtworkRef {
  url: string;
  trustedHost: string;
}

const PURPOSE = 'artwork';

/**
 * `/img/{token}`: the URL and its trusted host, signed, so the route fetches only what the panel
 * itself linked (never an open proxy). The same image always gets the same token (cacheable).
 */
export function artworkPath(ref: ArtworkRef): string {
  const body = Buffer.from(JSON.stringify([ref.url, ref.trustedHost]), 'utf8').toString('base64url');
  return `/img/${body}.${signValue(PURPOSE, body)}`;
}

/** The image link for a provider or admin URL, or null when there is none (or it is not http(s)). */
export function artworkLink(url: string | null | undefined, trustedUrl: string | null): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  let trustedHost = '';
  try {
    trustedHost = trustedUrl ? new URL(trustedUrl).hostname.toLowerCase() : '';
  } catch {
    // no trusted host: public addresses only
  }
  return artworkPath({ url: parsed.toString(), trustedHost });
}

export function readArtworkToken(token: string): ArtworkRef | null {
  const m = /^([A-Za-z0-9_-]{1,4000})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!m) return null;
  const expected = Buffer.from(signValue(PURPOSE, m[1]));
  const given = Buffer.from(m[2]);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
  try {
    const [url, trustedHost] = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8')) as unknown[];
    return typeof url === 'string' && typeof trustedHost === 'string' ? { url, trustedHost } : null;
  } catch {
    return null;
  }
}

/** The cache file name of an image: a hash of its URL. */
export const artworkKey = (url: string) => crypto.createHash('sha256').update(url).digest('hex');
