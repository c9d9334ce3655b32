'use client';

import { useEffect, useState } from 'react';
import { ModeBadge } from '@/components/admin/routing-rules/rule-labels';
import { CopyField } from '@/components/admin/lines/copy-field';
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from '@/components/ui/sheet';
import { Skeleton } from '@/components/ui/skeleton';
import type { ContentItemView } from '@/lib/content-browser/schemas';
import type { ResolveView } from '@/lib/routing/schemas';
import { describeApiError } from '../api-client';
import { resolveRoute } from '../routing-rules/resolve-route';
import { PreviewPlayer } from '../preview/preview-player';
import { ContentThumb } from './content-thumb';
import { ItemExtras } from './item-extras';
import { TYPE_LABEL } from './content-labels';
import { FactList } from './fact-list';

type State = { kind: 'loading' } | { kind: 'done'; route: ResolveView } | { kind: 'missing' } | { kind: 'error'; message: string };

async function fetchRoute(publicId: number): Promise<State> {
  try {
    const route = await resolveRoute(publicId);
    return route ? { kind: 'done', route } : { kind: 'missing' };
  } catch (err) {
    return { kind: 'error', message: describeApiError(err) };
  }
}

/** An item's facts and how a player's request for it is routed now (GET /api/routing-rules/resolve). */
export function ContentDetails({ item, onClose }: { item: ContentItemView | null; onClose: () => void }) {
  return (
    <Sheet open={item !== null} onOpenChange={(open) => !open && onClose()}>
      <SheetContent side="right" className="w-full overflow-y-auto sm:w-[28rem] sm:max-w-[90vw]" data-testid="content-details">
        {item && <Details key={item.publicId} item={item} />}
      </SheetContent>
    </Sheet>
  );
}

function Details({ item }: { item: ContentItemView }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    void fetchRoute(item.publicId).then((s) => live && setState(s));
    return () => {
      live = false;
    };
  }, [item.publicId]);

  const facts: [string, string][] = [
    ['Type', TYPE_LABEL[item.type]],
    ['Source', item.source === 'local' ? 'Local' : `Upstream · ${item.upstreamName ?? 'removed'}`],
    ['Category', item.category ?? 'Uncategorized'],
  ];
  if (item.year !== null) facts.push(['Year', String(item.year)]);
  if (item.rating !== null) facts.push(['Rating', item.rating.toFixed(1)]);
  if (item.containerExtension) facts.push(['Container', item.containerExtension]);
  if (item.epgChannelId) facts.push(['Guide id', item.epgChannelId]);

  return (
    <div className="grid gap-5 p-5 pt-4">
      <SheetHeader className="flex-row items-center gap-3 p-0 pr-8">
        <ContentThumb src={item.thumb} type={item.type} className="size-12" />
        <div className="min-w-0">
          <SheetTitle className="break-words">{item.name}</SheetTitle>
          <SheetDescription>
            {item.stale ? 'No longer in its upstream’s list: players no longer see it.' : item.hidden ? 'Hidden by an admin: out of every player list.' : item.served ? 'Players see this item.' : 'Hidden from players (inactive).'}
          </SheetDescription>
        </div>
      </SheetHeader>
      {item.served && item.type !== 'series' && (
        <section className="grid gap-2" aria-label="Preview">
          <h3 className="text-sm font-semibold">Preview</h3>
          <PreviewPlayer item={item} />
        </section>
      )}
      <CopyField label="Public id" value={String(item.publicId)} testId="details-public-id" />
      <ItemExtras publicId={item.publicId} />
      <FactList facts={facts} />
      <section className="grid gap-3" aria-label="Route" data-testid="details-route">
        <h3 className="text-sm font-semibold">Route</h3>
        {state.kind === 'loading' && <Skeleton className="h-20 w-full" />}
        {state.kind === 'missing' && (
          <p className="text-sm text-muted-foreground" data-testid="route-missing">
            Not routed: players cannot open this item now (removed, or its upstream or the item is inactive).
          </p>
        )}
        {state.kind === 'error' && (
          <p role="alert" className="text-sm text-destructive">
            {state.message}
          </p>
        )}
        {state.kind === 'done' && <RouteView route={state.route} />}
      </section>
    </div>
  );
}

function RouteView({ route }: { route: ResolveView }) {
  return (
    <div className="grid gap-3 text-sm" data-testid="route-result" data-mode={route.mode}>
      <div className="flex flex-wrap items-center gap-2">
        <ModeBadge mode={route.mode} />
        <span data-testid="route-rule">
          <span className="text-muted-foreground">Rule: </span>
          {route.rule ? `${route.rule.name || 'Unnamed rule'} (priority ${route.rule.priority})` : 'default'}
        </span>
        {!route.failover && <span className="text-muted-foreground">· failover off</span>}
      </div>
      {!route.playable ? (
        <p className="text-muted-foreground">A series is not played itself; its episodes follow this rule.</p>
      ) : route.sources.length === 0 ? (
        <p className="text-muted-foreground">No source: the item has no URL, or its upstream is unavailable.</p>
      ) : (
        <ol className="grid gap-2">
          {route.sources.map((s, i) => (
            <li key={`${s.upstreamId ?? 'local'}-${s.publicId}`} className="grid gap-0.5 rounded-md border p-2" data-testid="route-source">
              <span>
                <span className="text-muted-foreground">{i + 1}.</span> {s.upstreamName ?? 'Own URL'}
                {s.publicId !== route.item.publicId && <span className="text-muted-foreground"> · copy, id {s.publicId}</span>}
              </span>
              <code className="font-mono text-xs break-all text-muted-foreground">{s.url}</code>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
