import { categoryRows, uncategorizedId, type CatalogKind, type CategoryRow } from '@/db/queries/catalog';

export interface MergedCategory {
  id: number;
  name: string;
  parentId: number;
  /** Named by the admin (or "Uncategorized"), not defined by an upstream. */
  local: boolean;
}

/**
 * The merged category list of a kind: a category keeps its own name when one source has it and
 * becomes "{name} ({upstream})" when several do. "Uncategorized" is a real category with a stable id.
 */
export async function mergedCategories(kind: CatalogKind): Promise<{ list: MergedCategory[]; uncategorized: number }> {
  const rows = await categoryRows(kind);
  const uncategorized = await uncategorizedId(kind);
  const seen = new Map<string, number>();
  for (const r of rows) seen.set(r.name.toLowerCase(), (seen.get(r.name.toLowerCase()) ?? 0) + 1);
  const label = (r: CategoryRow) => (seen.get(r.name.toLowerCase())! > 1 && r.upstream_name ? `${r.name} (${r.upstream_name})` : r.name);
  const list = rows.filter((r) => r.id !== uncategorized).map((r) => ({ id: r.id, name: label(r), parentId: r.parent_id, local: r.upstream_server_id === null }));
  list.push({ id: uncategorized, name: 'Uncategorized', parentId: 0, local: true });
  return { list, uncategorized };
}
