'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { createLocalEpisodeSchema, type CreateLocalEpisodeInput, type LocalEpisodeView } from '@/lib/local-content/schemas';
import { ApiForm, FormFooter } from '../form/entity-dialog';
import { NumberField, TextareaField, TextField } from '../form/fields';
import { useApiForm } from '../form/use-api-form';
import { emptyEpisode, EPISODE_FIELDS, episodeCode, episodeToFormValues, type EpisodeFormValues } from './item-form-values';

interface EpisodeFormProps {
  /** The series' episodes path (`/api/content/local/{id}/episodes`). */
  path: string;
  /** The episode to edit; null adds `next`. */
  episode: LocalEpisodeView | null;
  next: { season: number; episode: number };
  onSaved: () => void;
  onCancel: () => void;
}

/** Add an episode, or edit one: the same form, inside the series' episodes dialog. */
export function EpisodeForm({ path, episode, next, onSaved, onCancel }: EpisodeFormProps) {
  const { form, submit, busy } = useApiForm<EpisodeFormValues, CreateLocalEpisodeInput>({
    resolver: zodResolver(createLocalEpisodeSchema),
    defaultValues: episode ? episodeToFormValues(episode) : emptyEpisode(next),
    fields: EPISODE_FIELDS,
    request: (values) => {
      const body = { ...values, description: values.description?.trim() || null };
      return episode ? { method: 'PATCH', path: `${path}/${encodeURIComponent(episode.id)}`, body } : { method: 'POST', path, body };
    },
    success: (values) => (episode ? 'Episode updated' : `S${values.season}E${values.episode} added`),
    onSaved,
    // onSaved reloads the list and the page itself.
    refresh: false,
  });
  const { control } = form;
  return (
    <ApiForm form={form} submit={submit} className="gap-4 rounded-md border p-4" testId="episode-form">
      <h3 className="text-sm font-semibold">{episode ? `Edit ${episodeCode(episode)}` : 'Add episode'}</h3>
      <div className="grid gap-4 sm:grid-cols-4">
        <NumberField control={control} name="season" label="Season" emptyAs={undefined} />
        <NumberField control={control} name="episode" label="Episode" emptyAs={undefined} />
        <TextField control={control} name="title" label="Title" className="sm:col-span-2" />
        <TextField control={control} name="streamUrl" label="Stream URL" placeholder="https://cdn.example.com/s1e1.mp4" className="sm:col-span-3" />
        <TextField control={control} name="containerExtension" label="Extension" placeholder="From the URL" emptyAs={undefined} />
        <TextareaField control={control} name="description" label="Description" emptyAs={null} className="sm:col-span-4" />
      </div>
      <FormFooter busy={busy} onCancel={episode ? onCancel : undefined} submitLabel={episode ? 'Save episode' : 'Add episode'} testId="episode-submit" />
    </ApiForm>
  );
}
