import { processState } from '@/lib/state';
import { readCachedImage, writeCachedImage } from './disk-cache';
import { fetchImage, ImageFetchError } from './fetch-image';
import { artworkKey, readArtworkToken } from './token';

const inflight = processState('artworkInflight', () => new Map<string, Promise<{ bytes: Buffer; type: string }>>());

/** Fetches an image once however many pages ask at the same time; the disk cache answers afterwards. */
async function loadImage(url: string, trustedHost: string) {
  const key = artworkKey(url);
  const cached = await readCachedImage(key);
  if (cached) return cached;
  let pending = inflight.get(key);
  if (!pending) {
    pending = fetchImage(url, { trustedHost, upstreamId: null })
      .then(async (image) => {
        await writeCachedImage(key, image).catch(() => {});
        return image;
      })
      .finally(() => inflight.delete(key));
    inflight.set(key, pending);
  }
  return pending;
}

/**
 * `GET /img/{token}`: a provider's logo or poster through the panel, so the admin's browser (and,
 * with the setting, players) never load it from the provider. Only signed tokens; image types only.
 */
export async function artworkResponse(token: string): Promise<Response> {
  const ref = readArtworkToken(token);
  if (!ref) return new Response('Not found\n', { status: 404, headers: { 'content-type': 'text/plain' } });
  try {
    const image = await loadImage(ref.url, ref.trustedHost);
    return new Response(new Uint8Array(image.bytes), {
      headers: {
        'content-type': image.type,
        'content-length': String(image.bytes.length),
        'cache-control': 'public, max-age=604800, immutable',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
      },
    });
  } catch (err) {
    const message = err instanceof ImageFetchError ? err.message : 'the image could not be fetched';
    return new Response(`${message}\n`, { status: 502, headers: { 'content-type': 'text/plain', 'cache-control': 'max-age=60' } });
  }
}
