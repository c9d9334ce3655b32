'use client';

import { useCallback, useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';
import { PencilIcon, Trash2Icon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { TableCell, TableRow } from '@/components/ui/table';
import { localEpisodeListSchema, type LocalContentView, type LocalEpisodeView } from '@/lib/local-content/schemas';
import { ApiError, callApi, describeApiError } from '../api-client';
import { ConfirmDeleteDialog } from '../confirm-delete-dialog';
import { DataTable } from '../data-table';
import { EpisodeForm } from './episode-form';
import { episodeCode } from './item-form-values';

// One request shows a whole series; longer ones are rare enough to say so instead of paging.
const MAX_EPISODES = 500;

type Loaded = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; items: LocalEpisodeView[]; total: number };

const episodesPath = (seriesId: string) => `/api/content/local/${encodeURIComponent(seriesId)}/episodes`;

async function fetchEpisodes(seriesId: string) {
  return localEpisodeListSchema.parse(await callApi(`${episodesPath(seriesId)}?pageSize=${MAX_EPISODES}`));
}

const loadFailure = (err: unknown) =>
  err instanceof ApiError && err.status === 404 ? 'This series no longer exists.' : err instanceof ApiError ? describeApiError(err) : 'Could not load the episodes.';

/** A series' episodes; admins add, edit and delete them here. */
export function EpisodesDialog({ series, canManage, onOpenChange }: { series: LocalContentView | null; canManage: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={series !== null} onOpenChange={onOpenChange}>
      <DialogContent className="max-h-[92dvh] overflow-y-auto sm:max-w-3xl" data-testid="episodes-dialog">
        <DialogHeader>
          <DialogTitle>Episodes of {series?.title}</DialogTitle>
          <DialogDescription>Each episode has its own public id and stream URL; players see them in get_series_info.</DialogDescription>
        </DialogHeader>
        {series && <EpisodesPanel key={series.id} series={series} canManage={canManage} />}
      </DialogContent>
    </Dialog>
  );
}

function EpisodesPanel({ series, canManage }: { series: LocalContentView; canManage: boolean }) {
  const router = useRouter();
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [editing, setEditing] = useState<LocalEpisodeView | null>(null);
  const [deleting, setDeleting] = useState<LocalEpisodeView | null>(null);

  const reload = useCallback(() => {
    fetchEpisodes(series.id).then(
      ({ items, total }) => setLoaded({ kind: 'done', items, total }),
      (err: unknown) => setLoaded({ kind: 'error', message: loadFailure(err) }),
    );
  }, [series.id]);
  useEffect(reload, [reload]);

  const changed = () => {
    setEditing(null);
    reload();
    router.refresh();
  };
  const items = loaded.kind === 'done' ? loaded.items : [];

  return (
    <div className="grid gap-5">
      {loaded.kind === 'loading' && <p className="text-sm text-muted-foreground">Loading episodes…</p>}
      {loaded.kind === 'error' && (
        <p role="alert" className="text-sm text-destructive">
          {loaded.message}
        </p>
      )}
      {loaded.kind === 'done' && items.length === 0 && (
        <p className="rounded-md border border-dashed p-4 text-center text-sm text-muted-foreground" data-testid="episodes-empty">
          No episodes yet.{canManage && ' Add the first one below.'}
        </p>
      )}
      {items.length > 0 && (
        <DataTable
          testId="episodes-table"
          card={false}
          columns={[{ key: 'episode', label: 'Episode', className: 'w-0' }, 'Title', { key: 'publicId', label: 'Public id', className: 'w-0' }]}
          actions={canManage}
        >
          {items.map((e) => (
            <TableRow key={e.id} data-testid="episode-row" data-episode={`S${e.season}E${e.episode}`} data-title={e.title}>
              <TableCell className="font-mono text-[13px] whitespace-nowrap">{episodeCode(e)}</TableCell>
              <TableCell>
                <span className="block max-w-80 truncate" title={e.streamUrl}>
                  {e.title}
                </span>
              </TableCell>
              <TableCell className="font-mono tabular-nums">{e.publicId}</TableCell>
              {canManage && (
                <TableCell className="py-1.5 text-right whitespace-nowrap">
                  <Button variant="ghost" size="icon-sm" aria-label={`Edit ${episodeCode(e)}`} data-testid="episode-edit" onClick={() => setEditing(e)}>
                    <PencilIcon />
                  </Button>
                  <Button variant="ghost" size="icon-sm" aria-label={`Delete ${episodeCode(e)}`} data-testid="episode-delete" onClick={() => setDeleting(e)}>
                    <Trash2Icon />
                  </Button>
                </TableCell>
              )}
            </TableRow>
          ))}
        </DataTable>
      )}
      {loaded.kind === 'done' && loaded.total > items.length && (
        <p className="text-sm text-muted-foreground">Showing the first {items.length} of {loaded.total} episodes.</p>
      )}
      {canManage && loaded.kind === 'done' && (
        <EpisodeForm key={editing?.id ?? `new-${items.length}`} path={episodesPath(series.id)} episode={editing} next={nextEpisode(items)} onSaved={changed} onCancel={() => setEditing(null)} />
      )}
      {canManage && (
        <ConfirmDeleteDialog
          open={deleting !== null}
          onOpenChange={(open) => !open && setDeleting(null)}
          title={`Delete ${deleting ? episodeCode(deleting) : 'episode'}?`}
          description="Players no longer see it; its public id is not given to anything else."
          path={`${episodesPath(series.id)}/${encodeURIComponent(deleting?.id ?? '')}`}
          confirmLabel="Delete episode"
          successMessage="Episode deleted"
          onDeleted={changed}
        />
      )}
    </div>
  );
}

/** The episode after the last one, so adding a run of episodes needs no typing of numbers. */
function nextEpisode(items: LocalEpisodeView[]): { season: number; episode: number } {
  const last = items.at(-1);
  return last ? { season: last.season, episode: last.episode + 1 } : { season: 1, episode: 1 };
}
