'use client';

import { useCallback, useEffect, useState } from 'react';
import type { AdminCategoryView, CuratedType } from '@/lib/curation/schemas';
import { callApi, describeApiError } from '../api-client';

export const CURATED_TYPES = ['live', 'movie', 'series'] as const satisfies readonly CuratedType[];
export const TYPE_TABS: Record<CuratedType, string> = { live: 'Live', movie: 'Movies', series: 'Series' };

const PAGE = 500;
const MAX_PAGES = 20;

type ByType = Record<CuratedType, AdminCategoryView[]>;
export type CategoriesState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; byType: ByType };

async function loadType(type: CuratedType): Promise<AdminCategoryView[]> {
  const all: AdminCategoryView[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const answer = (await callApi(`/api/categories?type=${type}&pageSize=${PAGE}&page=${page}`)) as { items: AdminCategoryView[]; total: number };
    all.push(...answer.items);
    if (all.length >= answer.total || answer.items.length === 0) break;
  }
  return all;
}

async function loadAll(): Promise<CategoriesState> {
  try {
    const [live, movie, series] = await Promise.all(CURATED_TYPES.map(loadType));
    return { kind: 'done', byType: { live, movie, series } };
  } catch (err) {
    return { kind: 'error', message: describeApiError(err) };
  }
}

/** Every category of every type (GET /api/categories, all pages), in the order players see them. */
export function useCategories() {
  const [state, setState] = useState<CategoriesState>({ kind: 'loading' });
  const reload = useCallback(async () => setState(await loadAll()), []);
  useEffect(() => {
    let live = true;
    void loadAll().then((s) => live && setState(s));
    return () => {
      live = false;
    };
  }, []);
  return { state, reload };
}

/** Case- and accent-insensitive "contains", as the API's search. */
export function matchesSearch(name: string, q: string): boolean {
  const norm = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  return norm(name).includes(norm(q.trim()));
}
