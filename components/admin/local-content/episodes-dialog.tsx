'use client';

import { useCallback, useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { PencilIcon, Trash2Icon } from 'lucide-react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Form } from '@/components/ui/form';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import {
  createLocalEpisodeSchema,
  localEpisodeListSchema,
  type CreateLocalEpisodeInput,
  type LocalContentView,
  type LocalEpisodeView,
} from '@/lib/local-content/schemas';
import { callApi, describeApiError } from '../api-client';
import { ConfirmDeleteDialog } from '../confirm-delete-dialog';
import { NumberField, TextField } from './form-inputs';
import { applyFieldErrors, emptyEpisode, EPISODE_FIELDS, episodeToFormValues, type EpisodeFormValues } from './item-form-values';

// One request shows a whole series; longer ones are rare enough to say so instead of paging.
const MAX_EPISODES = 500;

type Loaded = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; items: LocalEpisodeView[]; total: number };

const episodesPath = (seriesId: string) => `/api/content/local/${encodeURIComponent(seriesId)}/episodes`;

async function fetchEpisodes(seriesId: string) {
  const res = await fetch(`${episodesPath(seriesId)}?pageSize=${MAX_EPISODES}`);
  if (!res.ok) throw new Error(res.status === 404 ? 'This series no longer exists.' : `The server answered ${res.status}.`);
  return localEpisodeListSchema.parse(await res.json());
}

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
      (err: unknown) => setLoaded({ kind: 'error', message: err instanceof Error ? err.message : 'Could not load the episodes.' }),
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
        <div className="overflow-x-auto rounded-md border">
          <Table data-testid="episodes-table">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead className="w-0">Episode</TableHead>
                <TableHead>Title</TableHead>
                <TableHead className="w-0">Public id</TableHead>
                {canManage && (
                  <TableHead className="w-0 text-right">
                    <span className="sr-only">Actions</span>
                  </TableHead>
                )}
              </TableRow>
            </TableHeader>
            <TableBody>
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
            </TableBody>
          </Table>
        </div>
      )}
      {loaded.kind === 'done' && loaded.total > items.length && (
        <p className="text-sm text-muted-foreground">Showing the first {items.length} of {loaded.total} episodes.</p>
      )}
      {canManage && loaded.kind === 'done' && (
        <EpisodeForm key={editing?.id ?? `new-${items.length}`} seriesId={series.id} episode={editing} next={nextEpisode(items)} onSaved={changed} onCancel={() => setEditing(null)} />
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

function EpisodeForm({ seriesId, episode, next, onSaved, onCancel }: { seriesId: string; episode: LocalEpisodeView | null; next: { season: number; episode: number }; onSaved: () => void; onCancel: () => void }) {
  const form = useForm<EpisodeFormValues, unknown, CreateLocalEpisodeInput>({
    resolver: zodResolver(createLocalEpisodeSchema),
    defaultValues: episode ? episodeToFormValues(episode) : emptyEpisode(next),
  });

  async function onSubmit(values: CreateLocalEpisodeInput) {
    const body = { ...values, description: values.description?.trim() || null };
    try {
      if (episode) await callApi(`${episodesPath(seriesId)}/${encodeURIComponent(episode.id)}`, { method: 'PATCH', body });
      else await callApi(episodesPath(seriesId), { method: 'POST', body });
    } catch (err) {
      applyFieldErrors(err, EPISODE_FIELDS, form.setError);
      toast.error(describeApiError(err));
      return;
    }
    toast.success(episode ? 'Episode updated' : `S${values.season}E${values.episode} added`);
    onSaved();
  }

  return (
    <Form {...form}>
      <form onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4 rounded-md border p-4" noValidate data-testid="episode-form">
        <h3 className="text-sm font-semibold">{episode ? `Edit ${episodeCode(episode)}` : 'Add episode'}</h3>
        <div className="grid gap-4 sm:grid-cols-4">
          <NumberField control={form.control} name="season" label="Season" emptyAs={undefined} />
          <NumberField control={form.control} name="episode" label="Episode" emptyAs={undefined} />
          <TextField control={form.control} name="title" label="Title" className="sm:col-span-2" />
          <TextField control={form.control} name="streamUrl" label="Stream URL" placeholder="https://cdn.example.com/s1e1.mp4" className="sm:col-span-3" />
          <TextField control={form.control} name="containerExtension" label="Extension" placeholder="From the URL" emptyAs={undefined} />
          <TextField control={form.control} name="description" label="Description" emptyAs={null} multiline className="sm:col-span-4" />
        </div>
        <div className="flex justify-end gap-2">
          {episode && (
            <Button type="button" variant="outline" onClick={onCancel}>
              Cancel
            </Button>
          )}
          <Button type="submit" disabled={form.formState.isSubmitting} data-testid="episode-submit">
            {form.formState.isSubmitting ? 'Saving…' : episode ? 'Save episode' : 'Add episode'}
          </Button>
        </div>
      </form>
    </Form>
  );
}

const episodeCode = (e: { season: number; episode: number }) => `S${String(e.season).padStart(2, '0')}E${String(e.episode).padStart(2, '0')}`;

/** The episode after the last one, so adding a run of episodes needs no typing of numbers. */
function nextEpisode(items: LocalEpisodeView[]): { season: number; episode: number } {
  const last = items.at(-1);
  return last ? { season: last.season, episode: last.episode + 1 } : { season: 1, episode: 1 };
}
