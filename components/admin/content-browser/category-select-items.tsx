'use client';

import { SelectItem } from '@/components/ui/select';
import type { AdminCategoryView } from '@/lib/curation/schemas';

/** One option a category (its provider's name beside it), none while the list loads. */
export function CategorySelectItems({ categories }: { categories: AdminCategoryView[] | null }) {
  return (categories ?? []).map((c) => (
    <SelectItem key={c.id} value={String(c.id)}>
      {c.upstreamName ? `${c.name} · ${c.upstreamName}` : c.name}
    </SelectItem>
  ));
}
