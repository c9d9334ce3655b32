import sharp from 'sharp';

import type { ThumbnailWidth } from './thumbnail';

// The original is at most MAX_IMAGE_BYTES, but a small file can still decode to a huge bitmap
// (a decompression bomb): 40 megapixels is far past any poster.
const MAX_INPUT_PIXELS = 40_000_000;

// Two cores are shared with the player surface: one libvips thread per resize, and the images are
// small, so the thread pool would gain little anyway.
sharp.concurrency(1);
sharp.cache(false);

/**
 * A thumbnail `width` pixels wide (never enlarged), as WebP: the first frame of an animation, the
 * alpha channel kept, the metadata dropped.
 */
export async function resizeImage(bytes: Buffer, width: ThumbnailWidth): Promise<{ bytes: Buffer; type: string }> {
  const out = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, animated: false, failOn: 'error' })
    .rotate()
    .resize({ width, withoutEnlargement: true })
    .webp({ quality: 78, effort: 2 })
    .toBuffer();
  return { bytes: out, type: 'image/webp' };
}
