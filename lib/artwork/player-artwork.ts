import { LRUCache } from 'lru-cache';
import { upstreamServerUrls } from '@/db/queries/upstream-servers';
import { getEnv } from '@/lib/env';
import { publicBaseUrl } from '@/lib/http/public-url';
import { registerBound } from '@/lib/monitor/bounds';
import { hotSettings } from '@/lib/settings';
import { processState } from '@/lib/state';
import { artworkLink } from './token';

/** What an image in a player answer belongs to: an upstream's item (its host is trusted) or local content. */
export interface ArtworkOwner {
  source: 'upstream' | 'local';
  upstream_server_id: string | null;
}

/** Rewrites one image URL of a player answer; the identity when the setting is off. */
export type ArtworkRewrite = (url: string | null | undefined, owner: ArtworkOwner) => string;

export const providerArtwork: ArtworkRewrite = (url) => url ?? '';

// A 100k list has 100k logos; get.php and xmltv.php write them on every request. A link costs an
// HMAC (~5 µs): an image keeps its link here (with the trusted URL it was signed with), so a playlist
// after the first costs a map look-up per logo. 250k links of 100-character URLs are ~120 MB.
const MAX_LINKS = 250_000;
const memo = processState('artworkListLinks', () => ({ secret: '', links: new LRUCache<string, { trusted: string | null; path: string }>({ max: MAX_LINKS }) }));
registerBound('artwork_links', { unit: 'entries', limit: MAX_LINKS, used: () => memo.links.size });

/** The `/img/…` path of an image, remembered per URL; null when the URL is not an http(s) one. */
export function memoArtworkPath(url: string, trustedUrl: string | null): string | null {
  const hit = memo.links.get(url);
  if (hit && hit.trusted === trustedUrl) return hit.path || null;
  const path = artworkLink(url, trustedUrl) ?? '';
  memo.links.set(url, { trusted: trustedUrl, path });
  return path || null;
}

// get.php, xmltv.php and the info answers build a rewrite per request: the upstreams' URLs are read
// at most every 30 s (an upstream's new address is trusted within that), and while the database is away
// the last ones read keep serving.
const URLS_TTL_MS = 30_000;
const urls = processState('artworkUpstreamUrls', () => ({ value: undefined as Map<string, string> | undefined, readAt: 0 }));

async function trustedUpstreamUrls(): Promise<Map<string, string>> {
  if (urls.value && Date.now() - urls.readAt < URLS_TTL_MS) return urls.value;
  try {
    urls.value = await upstreamServerUrls();
    urls.readAt = Date.now();
  } catch (err) {
    if (!urls.value) throw err;
    urls.readAt = Date.now(); // the last known, for another TTL
  }
  return urls.value;
}

/**
 * The rewrite for player answers built for `base` (the panel's public base URL): every provider or
 * local image becomes `{base}/img/{token}`, trusting the item's upstream host (local content: the
 * image's own host, as the admin named it). A URL that is not http(s) stays as it is.
 */
export async function artworkRewrite(base: string): Promise<ArtworkRewrite> {
  // Links signed under another secret (tests switch it) are not links any more.
  const secret = getEnv().APP_SECRET ?? '';
  if (memo.secret !== secret) {
    memo.links.clear();
    memo.secret = secret;
  }
  const upstreams = await trustedUpstreamUrls();
  return (url, owner) => {
    const u = url?.trim();
    if (!u) return '';
    const trusted = owner.source === 'local' ? u : owner.upstream_server_id ? (upstreams.get(owner.upstream_server_id) ?? null) : null;
    const path = memoArtworkPath(u, trusted);
    return path ? `${base}${path}` : u;
  };
}

/**
 * The base URL player answers point their artwork at, or null when `proxyArtworkInLists` is off
 * (the provider's URLs as they are). Never waits on the database once settings were read (hotSettings).
 */
export async function playerArtworkBase(headers: Record<string, string | string[] | undefined>, socketPort?: number): Promise<string | null> {
  if (!(await hotSettings()).proxyArtworkInLists) return null;
  return admittedBase(publicBaseUrl(headers, socketPort));
}

// Without PUBLIC_URL the base comes from the request's Host, and each base builds its own lists (a
// 100k list costs seconds of CPU): a player rotating Host headers could keep the panel rebuilding.
// The first few bases seen are admitted (a LAN address, a domain, a tunnel); any other one gets the
// first base, so the number of list variants stays bounded whatever the clients send.
const MAX_BASES = 4;
const bases = processState('artworkBases', () => ({ seen: [] as string[] }));

function admittedBase(base: string): string {
  const { seen } = bases;
  if (seen.includes(base)) return base;
  if (seen.length < MAX_BASES) {
    seen.push(base);
    return base;
  }
  return seen[0];
}

/** The rewrite for one player request: the identity when the setting is off. */
export async function playerArtwork(headers: Record<string, string | string[] | undefined>, socketPort?: number): Promise<ArtworkRewrite> {
  const base = await playerArtworkBase(headers, socketPort);
  return base ? artworkRewrite(base) : providerArtwork;
}
