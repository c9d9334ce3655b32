import * as q from '@/db/queries/overrides';
import { findCategoryRow } from '@/db/queries/content-browser';
import { bumpCatalogVersion } from '@/lib/catalog-version/version';
import { notFound } from '@/lib/errors';
import type { AdminCategoryView, CategoryPatch, CuratedType } from './schemas';

const KIND = { live: 'live', movie: 'vod', series: 'series' } as const;
const TYPE: Record<'live' | 'vod' | 'series', CuratedType> = { live: 'live', vod: 'movie', series: 'series' };

function toView(r: q.AdminCategoryRow): AdminCategoryView {
  return {
    id: r.id,
    type: TYPE[r.category_type],
    name: r.override_name ?? r.name,
    originalName: r.name,
    source: r.upstream_server_id ? 'upstream' : 'local',
    upstreamId: r.upstream_server_id,
    upstreamName: r.upstream_name,
    hidden: r.hidden,
    position: r.position,
    itemCount: r.item_count,
  };
}

/** `GET /api/categories`: every category with the admin's name, hidden flag, position and item count. */
export async function listCategories(f: { type?: CuratedType; upstreamId?: string; q?: string; page: number; pageSize: number }) {
  const { rows, total } = await q.listAdminCategoryRows({ kind: f.type ? KIND[f.type] : undefined, upstreamId: f.upstreamId, q: f.q || undefined }, f.pageSize, (f.page - 1) * f.pageSize);
  return { items: rows.map(toView), total, page: f.page, pageSize: f.pageSize };
}

/** `PATCH /api/categories/{id}`: null restores the provider's value; players see it on their next list. */
export async function updateCategory(id: number, patch: CategoryPatch): Promise<AdminCategoryView> {
  if (!(await findCategoryRow(id))) throw notFound('category');
  await q.upsertCategoryOverride(id, {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.hidden !== undefined ? { hidden: patch.hidden ?? false } : {}),
    ...(patch.position !== undefined ? { position: patch.position } : {}),
  });
  await bumpCatalogVersion();
  const { rows } = await q.listAdminCategoryRows({ id }, 1, 0);
  return toView(rows[0]);
}
