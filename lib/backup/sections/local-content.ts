import { z } from 'zod';
import { readTable, writeRows } from '@/db/queries/backup';
import { defineSection, toDocument, toRow } from '../section';

const episode = z.strictObject({
  id: z.guid(),
  publicId: z.number().int().min(1),
  season: z.number().int().min(0),
  episode: z.number().int().min(0),
  title: z.string().min(1).max(255),
  description: z.string().max(10_000).nullable(),
  streamUrl: z.string().max(2048),
  containerExtension: z.string().regex(/^[A-Za-z0-9]{1,16}$/),
});
const item = z.strictObject({
  id: z.guid(),
  /** Kept on restore: players' favourites point at it. */
  publicId: z.number().int().min(1),
  title: z.string().min(1).max(255),
  description: z.string().max(10_000).nullable(),
  contentType: z.enum(['movie', 'series']),
  posterUrl: z.string().max(2048).nullable(),
  streamUrl: z.string().max(2048),
  genre: z.array(z.string().max(64)).max(20),
  releaseYear: z.number().int().nullable(),
  rating: z.number().min(0).max(10).nullable(),
  containerExtension: z.string().regex(/^[A-Za-z0-9]{1,16}$/),
  categoryId: z.number().int().min(1).nullable(),
  metadata: z.record(z.string(), z.unknown()),
  isActive: z.boolean(),
  episodes: z.array(episode),
});

/** Local movies and series with their episodes, public ids kept. */
export const localContentSection = defineSection({
  name: 'localContent',
  schema: z.array(item),
  async read() {
    const episodes = new Map<string, z.infer<typeof episode>[]>();
    for (const e of await readTable('local_episodes')) {
      const { localContentId, ...rest } = toDocument(e, ['public_id']);
      const list = episodes.get(localContentId as string) ?? [];
      list.push(rest as z.infer<typeof episode>);
      episodes.set(localContentId as string, list);
    }
    return (await readTable('local_content')).map((r) => ({ ...(toDocument(r, ['public_id', 'category_id']) as Omit<z.infer<typeof item>, 'episodes'>), episodes: episodes.get(r.id as string) ?? [] }));
  },
  async write(items) {
    const n = await writeRows(
      'local_content',
      items.map(({ episodes, ...rest }) => (void episodes, toRow(rest))),
    );
    await writeRows(
      'local_episodes',
      items.flatMap((i) => i.episodes.map((e) => toRow({ ...e, localContentId: i.id }))),
    );
    return n;
  },
});
