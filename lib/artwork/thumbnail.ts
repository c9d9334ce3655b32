/** The thumbnail widths `/img/{token}?w=` serves; any other width is refused (a fixed set keeps the cache small). */
export const THUMBNAIL_WIDTHS = [96, 160, 320, 640] as const;
export type ThumbnailWidth = (typeof THUMBNAIL_WIDTHS)[number];

export const isThumbnailWidth = (w: number): w is ThumbnailWidth => (THUMBNAIL_WIDTHS as readonly number[]).includes(w);

/** A panel artwork link (`/img/…`) as a thumbnail that wide; anything else unchanged. Safe in the browser. */
export function thumbnailSrc<T extends string | null | undefined>(src: T, width: ThumbnailWidth): T | string {
  return typeof src === 'string' && src.startsWith('/img/') && !src.includes('?') ? `${src}?w=${width}` : src;
}
