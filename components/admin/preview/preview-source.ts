/** How the browser plays an item's preview stream (GET /api/preview/{publicId}). */
export type PreviewKind = 'mpegts' | 'native' | 'none';

// Containers a <video> element plays by itself; live channels and .ts files go through mpegts.js (MSE).
const NATIVE = new Set(['mp4', 'm4v', 'mov', 'webm', 'ogv', 'mkv']);

export function previewKindOf(item: { type: 'live' | 'movie' | 'series'; containerExtension: string | null }): PreviewKind {
  if (item.type === 'series') return 'none';
  if (item.type === 'live') return 'mpegts';
  const ext = (item.containerExtension ?? 'mp4').toLowerCase();
  if (ext === 'ts' || ext === 'm2ts' || ext === 'mpegts') return 'mpegts';
  return NATIVE.has(ext) ? 'native' : 'none';
}

export const previewUrl = (publicId: number) => `/api/preview/${publicId}`;
