import { processState } from '@/lib/state';
import { readCachedImage, writeCachedImage } from './disk-cache';
import { fetchImage, ImageFetchError } from './fetch-image';
import { resizeImage } from './resize';
import { isThumbnailWidth, THUMBNAIL_WIDTHS, type ThumbnailWidth } from './thumbnail';
import { artworkKey, readArtworkToken } from './token';

type Image = { bytes: Buffer; type: string };
const inflight = processState('artworkInflight', () => new Map<string, Promise<Image>>());

/** One job per cache key however many pages ask at the same time; the disk cache answers afterwards. */
async function cachedOrMake(key: string, make: () => Promise<Image>): Promise<Image> {
  const cached = await readCachedImage(key);
  if (cached) return cached;
  let pending = inflight.get(key);
  if (!pending) {
    pending = make()
      .then(async (image) => {
        await writeCachedImage(key, image).catch(() => {});
        return image;
      })
      .finally(() => inflight.delete(key));
    inflight.set(key, pending);
  }
  return pending;
}

/** The provider's image, fetched once. */
const loadImage = (url: string, trustedHost: string) => cachedOrMake(artworkKey(url), () => fetchImage(url, { trustedHost, upstreamId: null }));

/** A thumbnail, made once from the (cached) original and cached beside it under the same size limit. */
const loadThumbnail = (url: string, trustedHost: string, width: ThumbnailWidth) =>
  cachedOrMake(`${artworkKey(url)}-w${width}`, async () => {
    const original = await loadImage(url, trustedHost);
    try {
      return await resizeImage(original.bytes, width);
    } catch {
      throw new ImageFetchError('the image could not be decoded');
    }
  });

const text = (status: number, body: string, extra: Record<string, string> = {}) =>
  new Response(`${body}\n`, { status, headers: { 'content-type': 'text/plain', ...extra } });

/** `?w=` as a thumbnail width: undefined for none, null for a width that is not offered. */
function widthOf(w: string | null): ThumbnailWidth | undefined | null {
  if (w === null) return undefined;
  const n = /^\d{1,4}$/.test(w) ? Number(w) : NaN;
  return isThumbnailWidth(n) ? n : null;
}

/**
 * `GET /img/{token}[?w=96|160|320|640]`: a provider's logo or poster through the panel, so the admin's
 * browser (and, with the setting, players) never load it from the provider; with `w`, a WebP
 * thumbnail that wide. Only signed tokens; image types only.
 */
export async function artworkResponse(token: string, w: string | null = null): Promise<Response> {
  const ref = readArtworkToken(token);
  if (!ref) return text(404, 'Not found');
  const width = widthOf(w);
  if (width === null) return text(400, `w: one of ${THUMBNAIL_WIDTHS.join(', ')}`);
  try {
    const image = width === undefined ? await loadImage(ref.url, ref.trustedHost) : await loadThumbnail(ref.url, ref.trustedHost, width);
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
    return text(502, message, { 'cache-control': 'max-age=60' });
  }
}
