import type { CuratedItem } from '@/lib/curation/curated-catalog';

// get_vod_info and get_series_info answer with what the lists show: the admin's name, logo and
// category (the provider's info otherwise untouched).

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function curatedVodInfo(answer: Json, item: CuratedItem): Json {
  const info = isObject(answer.info) ? answer.info : {};
  const data = isObject(answer.movie_data) ? answer.movie_data : {};
  const icon = item.icon ?? '';
  const renamed = item.name !== item.originalName;
  return {
    ...answer,
    info: { ...info, name: item.name, ...(renamed ? { title: item.name, o_name: item.originalName } : {}), ...(icon ? { movie_image: icon, cover_big: icon } : {}) },
    movie_data: { ...data, name: item.name, title: item.name, category_id: String(item.category), category_ids: [item.category] },
  };
}

export function curatedSeriesInfo(answer: unknown, item: CuratedItem): unknown {
  if (!isObject(answer)) return answer;
  const info = isObject(answer.info) ? answer.info : {};
  return {
    ...answer,
    info: { ...info, name: item.name, title: item.name, ...(item.icon ? { cover: item.icon } : {}), category_id: String(item.category), category_ids: [item.category] },
  };
}
