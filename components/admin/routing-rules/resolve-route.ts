import { resolveViewSchema, type ResolveView } from '@/lib/routing/schemas';
import { ApiError, callApi } from '../api-client';

/** `GET /api/routing-rules/resolve`: what the router would do now for one public id; null when no item has it. */
export async function resolveRoute(publicId: string | number): Promise<ResolveView | null> {
  try {
    return resolveViewSchema.parse(await callApi(`/api/routing-rules/resolve?publicId=${encodeURIComponent(publicId)}`));
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}
