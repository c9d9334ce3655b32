import { providerArtwork, type ArtworkOwner, type ArtworkRewrite } from '@/lib/artwork/player-artwork';
import type { CuratedItem } from '@/lib/curation/curated-catalog';

// get_vod_info and get_series_info answer with what the lists show: the admin's name, logo and
// category (the provider's info otherwise untouched), and, with proxyArtworkInLists, every image
// pointed at the panel's /img cache as the lists are.

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const IMAGE_KEYS = ['movie_image', 'cover_big', 'cover', 'stream_icon'] as const;

/** The image fields of one info object through `img`: single URLs and backdrop lists (or a lone backdrop string). */
function withImages(o: Json, owner: ArtworkOwner, img: ArtworkRewrite): Json {
  if (img === providerArtwork) return o;
  const out: Json = { ...o };
  for (const k of IMAGE_KEYS) if (typeof out[k] === 'string' && out[k]) out[k] = img(out[k], owner);
  const backdrop = out.backdrop_path;
  if (Array.isArray(backdrop)) out.backdrop_path = backdrop.map((u) => (typeof u === 'string' && u ? img(u, owner) : u));
  else if (typeof backdrop === 'string' && backdrop) out.backdrop_path = img(backdrop, owner);
  return out;
}

export function curatedVodInfo(answer: Json, item: CuratedItem, img: ArtworkRewrite = providerArtwork): Json {
  const info = isObject(answer.info) ? answer.info : {};
  const data = isObject(answer.movie_data) ? answer.movie_data : {};
  const icon = item.icon ?? '';
  const renamed = item.name !== item.originalName;
  return {
    ...answer,
    info: withImages({ ...info, name: item.name, ...(renamed ? { title: item.name, o_name: item.originalName } : {}), ...(icon ? { movie_image: icon, cover_big: icon } : {}) }, item, img),
    movie_data: { ...data, name: item.name, title: item.name, category_id: String(item.category), category_ids: [item.category] },
  };
}

export function curatedSeriesInfo(answer: unknown, item: CuratedItem, img: ArtworkRewrite = providerArtwork): unknown {
  if (!isObject(answer)) return answer;
  const info = isObject(answer.info) ? answer.info : {};
  const proxied = img !== providerArtwork;
  const seasons = proxied && Array.isArray(answer.seasons) ? answer.seasons.map((s) => (isObject(s) ? withImages(s, item, img) : s)) : answer.seasons;
  const episodes =
    proxied && isObject(answer.episodes)
      ? Object.fromEntries(
          Object.entries(answer.episodes).map(([season, list]) => [
            season,
            Array.isArray(list) ? list.map((e) => (isObject(e) && isObject(e.info) ? { ...e, info: withImages(e.info, item, img) } : e)) : list,
          ]),
        )
      : answer.episodes;
  return {
    ...answer,
    ...(proxied ? { seasons, episodes } : {}),
    info: withImages({ ...info, name: item.name, title: item.name, ...(item.icon ? { cover: item.icon } : {}), category_id: String(item.category), category_ids: [item.category] }, item, img),
  };
}
