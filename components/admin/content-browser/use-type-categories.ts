'use client';

import { useEffect, useState } from 'react';
import type { AdminCategoryView, CuratedType } from '@/lib/curation/schemas';
import { callApi } from '../api-client';

/** The categories of one type (first 500, in player order), to move items into; null while loading. */
export function useTypeCategories(type: CuratedType | null): AdminCategoryView[] | null {
  const [loaded, setLoaded] = useState<{ type: CuratedType; list: AdminCategoryView[] } | null>(null);
  useEffect(() => {
    if (!type) return;
    let live = true;
    callApi(`/api/categories?type=${type}&pageSize=500`).then(
      (answer) => live && setLoaded({ type, list: (answer as { items: AdminCategoryView[] }).items }),
      () => live && setLoaded({ type, list: [] }),
    );
    return () => {
      live = false;
    };
  }, [type]);
  return type && loaded?.type === type ? loaded.list : null;
}
