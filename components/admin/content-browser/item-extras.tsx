'use client';

import { useEffect, useState } from 'react';
import { CopyField } from '@/components/admin/lines/copy-field';
import { Skeleton } from '@/components/ui/skeleton';
import { thumbnailSrc } from '@/lib/artwork/thumbnail';
import type { ContentDetails } from '@/lib/content-browser/details';
import { callApi, describeApiError } from '../api-client';
import { FactList } from './fact-list';

type Load = { kind: 'loading' } | { kind: 'done'; details: ContentDetails } | { kind: 'error'; message: string };
interface LineOption {
  id: string;
  username: string;
}

const hm = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });
const minutes = (secs: number | null) => (secs ? `${Math.round(secs / 60)} min` : null);

function loadDetails(publicId: number, line: string): Promise<Load> {
  const qs = line ? `?line=${encodeURIComponent(line)}` : '';
  return callApi(`/api/content/${publicId}/details${qs}`).then(
    (body) => ({ kind: 'done', details: body as ContentDetails }),
    (err: unknown) => ({ kind: 'error', message: describeApiError(err) }),
  );
}

/**
 * The rich part of the details sheet (GET /api/content/{id}/details): artwork through the panel, plot
 * and facts, now/next for channels, seasons and episodes for series, and the stream URL of a chosen account.
 */
export function ItemExtras({ publicId }: { publicId: number }) {
  const [line, setLine] = useState('');
  const [state, setState] = useState<Load>({ kind: 'loading' });
  const [lines, setLines] = useState<LineOption[]>([]);

  useEffect(() => {
    let live = true;
    void loadDetails(publicId, line).then((s) => live && setState(s));
    return () => {
      live = false;
    };
  }, [publicId, line]);

  useEffect(() => {
    let live = true;
    void callApi('/api/lines?pageSize=200').then(
      (body) => live && setLines((body as { items: LineOption[] }).items),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);

  if (state.kind === 'loading') return <Skeleton className="h-40 w-full" />;
  if (state.kind === 'error')
    return (
      <p role="alert" className="text-sm text-destructive">
        {state.message}
      </p>
    );
  const d = state.details;
  const facts: [string, string][] = [];
  if (d.genre) facts.push(['Genre', d.genre]);
  if (d.cast) facts.push(['Cast', d.cast]);
  if (d.director) facts.push(['Director', d.director]);
  const duration = minutes(d.durationSecs);
  if (duration) facts.push(['Duration', duration]);

  return (
    <div className="grid gap-4" data-testid="item-extras">
      {d.backdrop || d.poster ? (
        <div className="relative overflow-hidden rounded-md border bg-muted">
          {/* eslint-disable-next-line @next/next/no-img-element -- artwork comes through /img as a thumbnail (lib/artwork/thumbnail.ts) */}
          {d.backdrop ? <img src={thumbnailSrc(d.backdrop, 640)} alt="" className="h-32 w-full object-cover opacity-60" /> : <div className="h-32" />}
          {d.poster ? (
            // eslint-disable-next-line @next/next/no-img-element -- as above
            <img src={thumbnailSrc(d.poster, 160)} srcSet={`${thumbnailSrc(d.poster, 160)} 1x, ${thumbnailSrc(d.poster, 320)} 2x`} alt={`Poster of ${d.name}`} className="absolute bottom-2 left-2 h-28 w-auto rounded border bg-background object-contain" data-testid="details-poster" />
          ) : null}
        </div>
      ) : null}
      {/* Reserved for the in-page video preview. */}
      <div data-slot="preview" />
      {d.plot ? (
        <p className="text-sm" data-testid="details-plot">
          {d.plot}
        </p>
      ) : null}
      {facts.length ? (
        <FactList facts={facts} />
      ) : null}
      {d.guide ? (
        <section aria-labelledby="guide-heading" className="grid gap-1.5 text-sm" data-testid="details-guide">
          <h3 id="guide-heading" className="font-semibold">
            Guide
          </h3>
          {d.guide.now || d.guide.next ? (
            <ul className="grid gap-1">
              {d.guide.now ? (
                <li data-testid="guide-now">
                  <span className="font-medium">Now</span> {hm(d.guide.now.start)}–{hm(d.guide.now.stop)} · {d.guide.now.title}
                </li>
              ) : null}
              {d.guide.next ? (
                <li data-testid="guide-next">
                  <span className="font-medium">Next</span> {hm(d.guide.next.start)} · {d.guide.next.title}
                </li>
              ) : null}
            </ul>
          ) : (
            <p className="text-muted-foreground">No guide for this channel.</p>
          )}
        </section>
      ) : null}
      {d.type !== 'series' || d.seasons?.length ? (
        <div className="grid gap-1.5">
          <label htmlFor={`details-line-${publicId}`} className="text-sm font-medium">
            Stream URL for an account
          </label>
          <select
            id={`details-line-${publicId}`}
            className="h-9 rounded-md border bg-background px-2 text-sm"
            value={line}
            onChange={(e) => setLine(e.target.value)}
            data-testid="details-line"
          >
            <option value="">Choose an account…</option>
            {lines.map((l) => (
              <option key={l.id} value={l.id}>
                {l.username}
              </option>
            ))}
          </select>
          {line && d.type !== 'series' ? (
            d.streamUrl ? (
              <CopyField label="Stream URL" value={d.streamUrl} testId="details-stream-url" />
            ) : (
              <p className="text-sm text-muted-foreground">Only admins see stream URLs (they contain the password).</p>
            )
          ) : null}
        </div>
      ) : null}
      {d.seasons ? (
        <section aria-labelledby="seasons-heading" className="grid gap-2" data-testid="details-seasons">
          <h3 id="seasons-heading" className="text-sm font-semibold">
            Seasons and episodes
          </h3>
          {d.seasons.length === 0 ? <p className="text-sm text-muted-foreground">The provider lists no episodes.</p> : null}
          {d.seasons.map((s, i) => (
            <details key={s.season} open={i === 0} className="rounded-md border" data-testid="details-season">
              <summary className="cursor-pointer px-3 py-2 text-sm font-medium">
                {s.name} · {s.episodes.length} episode{s.episodes.length === 1 ? '' : 's'}
              </summary>
              <ol className="grid gap-2 px-3 pb-3">
                {s.episodes.map((e) => (
                  <li key={e.publicId} className="grid gap-1 text-sm" data-testid="details-episode">
                    <span>
                      <span className="tabular-nums text-muted-foreground">E{e.episode}</span> {e.title}
                      {minutes(e.durationSecs) ? <span className="text-muted-foreground"> · {minutes(e.durationSecs)}</span> : null}
                    </span>
                    {e.streamUrl ? <CopyField label={`Stream URL of episode ${e.episode}`} value={e.streamUrl} testId="episode-stream-url" /> : null}
                  </li>
                ))}
              </ol>
            </details>
          ))}
        </section>
      ) : null}
    </div>
  );
}
