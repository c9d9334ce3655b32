import { findUpstream } from '@/db/queries/upstream-servers';
import { artworkLink } from '@/lib/artwork/token';
import { guidesOf, type GuideEntry } from '@/lib/epg/channel-guide';
import { seriesInfo } from '@/lib/catalog/series-info';
import { vodInfo } from '@/lib/catalog/vod-info';
import { notFound } from '@/lib/errors';
import { getLine } from '@/lib/lines/service';
import { resolveRoute } from '@/lib/routing/resolve';
import { findContentItem } from './service';

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
const num = (v: unknown) => {
  const n = typeof v === 'number' ? v : Number.parseFloat(String(v ?? ''));
  return Number.isFinite(n) ? n : null;
};
const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export interface DetailsEpisode {
  publicId: number;
  episode: number;
  title: string;
  plot: string;
  durationSecs: number | null;
  streamUrl: string | null;
}

export interface ContentDetails {
  publicId: number;
  name: string;
  type: 'live' | 'movie' | 'series';
  poster: string | null;
  backdrop: string | null;
  plot: string;
  cast: string;
  director: string;
  genre: string;
  year: number | null;
  rating: number | null;
  durationSecs: number | null;
  /** Every copy players can be served from, in failover order. */
  copies: { publicId: number; upstreamId: string | null; upstreamName: string | null }[];
  /** Live channels: the programme on now and the next one. */
  guide: { now: Programme | null; next: Programme | null } | null;
  /** Series: seasons with their episodes (fetched from the provider on demand, as players do). */
  seasons: { season: number; name: string; episodes: DetailsEpisode[] }[] | null;
  /** With `line`: the account's stream URL (movies, live; episodes carry their own). */
  streamUrl: string | null;
  line: string | null;
}

interface Programme {
  title: string;
  start: string;
  stop: string;
  description: string;
}

/**
 * `GET /api/content/{publicId}/details`: what the details sheet shows. Images come back as `/img/…`
 * links (fetched through the panel, never by the admin's browser from the provider).
 */
export async function contentDetails(publicId: number, opts: { lineId?: string; baseUrl: string }): Promise<ContentDetails> {
  const item = await findContentItem(publicId);
  if (!item) throw notFound('item');
  const line = opts.lineId ? await getLine(opts.lineId, { withSecret: true, baseUrl: opts.baseUrl }) : null;
  const upstream = item.upstreamId ? await findUpstream(item.upstreamId) : undefined;
  // The same SSRF rule as streams: a provider's own host is trusted, else public addresses only.
  const trusted = upstream?.server_url ?? (item.source === 'local' ? item.icon : null);
  const image = (url: unknown) => artworkLink(str(url) || null, trusted);
  const urlOf = (kind: string, id: number, ext: string) =>
    line?.password ? `${opts.baseUrl}/${kind}/${encodeURIComponent(line.username)}/${encodeURIComponent(line.password)}/${id}.${ext}` : null;

  const route = await resolveRoute(publicId);
  const details: ContentDetails = {
    publicId,
    name: item.name,
    type: item.type,
    poster: image(item.icon),
    backdrop: null,
    plot: '',
    cast: '',
    director: '',
    genre: '',
    year: item.year,
    rating: item.rating,
    durationSecs: null,
    copies: (route?.sources ?? []).map((s) => ({ publicId: s.publicId, upstreamId: s.upstreamId, upstreamName: s.upstreamName })),
    guide: null,
    seasons: null,
    streamUrl: null,
    line: line?.username ?? null,
  };

  if (item.type === 'live') {
    // The guide as players get it: the matched source, the offset, or the dummy guide.
    const guide = await guidesOf([{ publicId, name: item.name }], { upcomingOnly: true, limit: 2 });
    const [now, next] = guide.get(publicId) ?? [];
    const programme = (p: GuideEntry | undefined): Programme | null =>
      p ? { title: p.title, start: p.start.toISOString(), stop: p.stop.toISOString(), description: p.description ?? '' } : null;
    const current = now && now.start.getTime() <= Date.now() ? now : undefined;
    details.guide = { now: programme(current), next: programme(current ? next : now) };
    details.streamUrl = urlOf('live', publicId, 'ts');
  } else if (item.type === 'movie') {
    const answer = await vodInfo(publicId);
    const info = record(answer.info);
    Object.assign(details, textFields(info));
    details.poster = image(info.movie_image || info.cover_big) ?? details.poster;
    details.backdrop = image(Array.isArray(info.backdrop_path) ? info.backdrop_path[0] : info.backdrop_path);
    details.durationSecs = num(info.duration_secs) || null;
    details.streamUrl = urlOf('movie', publicId, str(record(answer.movie_data).container_extension) || item.containerExtension || 'mp4');
  } else {
    const { body } = await seriesInfo(publicId);
    const answer = record(body);
    const info = record(answer.info);
    Object.assign(details, textFields(info));
    details.poster = image(info.cover) ?? details.poster;
    details.backdrop = image(Array.isArray(info.backdrop_path) ? info.backdrop_path[0] : null);
    const seasons = Array.isArray(answer.seasons) ? answer.seasons.map(record) : [];
    const bySeason = record(answer.episodes);
    details.seasons = Object.keys(bySeason)
      .map(Number)
      .sort((a, b) => a - b)
      .map((n) => ({
        season: n,
        name: str(seasons.find((s) => Number(s.season_number) === n)?.name) || `Season ${n}`,
        episodes: (Array.isArray(bySeason[String(n)]) ? (bySeason[String(n)] as unknown[]) : []).map(record).map((e) => {
          const id = Number(e.id);
          const einfo = record(e.info);
          return {
            publicId: id,
            episode: Number(e.episode_num) || 0,
            title: str(e.title),
            plot: str(einfo.plot),
            durationSecs: num(einfo.duration_secs) || null,
            streamUrl: urlOf('series', id, str(e.container_extension) || 'mp4'),
          };
        }),
      }));
  }
  return details;
}

function textFields(info: Record<string, unknown>) {
  return { plot: str(info.plot || info.description), cast: str(info.cast), director: str(info.director), genre: str(info.genre) };
}
