import { z } from 'zod';
import { readTable, writeRows } from '@/db/queries/backup';
import { defineSection, toDocument, toRow } from '../section';

const renameRule = z.strictObject({
  id: z.guid(),
  pattern: z.string().min(1).max(500),
  replacement: z.string().max(500),
  scope: z.enum(['item', 'category']),
  contentType: z.enum(['live', 'movie', 'series']).nullable(),
  upstreamServerId: z.guid().nullable(),
  position: z.number().int(),
  enabled: z.boolean(),
});
const routingRule = z.strictObject({
  id: z.guid(),
  name: z.string().max(100).nullable(),
  contentId: z.string().max(100).nullable(),
  contentSource: z.enum(['upstream', 'local', 'any']),
  routingType: z.enum(['proxy', 'redirect', 'direct']),
  priority: z.number().int().min(0).max(1000),
  match: z.record(z.string(), z.unknown()),
  routingConfig: z.record(z.string(), z.unknown()),
  enabled: z.boolean(),
});

/** Rename rules and routing rules. */
export const rulesSection = defineSection({
  name: 'rules',
  schema: z.strictObject({ rename: z.array(renameRule), routing: z.array(routingRule) }),
  async read() {
    return {
      rename: (await readTable('rename_rules')).map((r) => toDocument(r) as z.infer<typeof renameRule>),
      routing: (await readTable('content_routing')).map((r) => toDocument(r) as z.infer<typeof routingRule>),
    };
  },
  async write(data) {
    return (await writeRows('rename_rules', data.rename.map(toRow))) + (await writeRows('content_routing', data.routing.map(toRow)));
  },
});
