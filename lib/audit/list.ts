import { z } from 'zod';
import { auditFacets, listAuditRows, type NewAuditRow } from '@/db/queries/audit-log';
import { parseInput } from '@/lib/errors/parse-input';

const filterSchema = z.object({
  actor: z.string().max(100, 'must be at most 100 characters').optional(),
  entity: z.string().max(100, 'must be at most 100 characters').optional(),
  page: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').default(1),
  pageSize: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(200, 'must be at most 200').default(50),
});

/** A row as the API answers it: what was recorded (without the actor's id), with its id and time. */
export interface AuditEntry extends Omit<NewAuditRow, 'actorId'> {
  id: string;
  at: string;
}

export function parseAuditFilter(url: URL) {
  const get = (k: string) => url.searchParams.get(k) || undefined;
  return parseInput(filterSchema, { actor: get('actor'), entity: get('entity'), page: get('page'), pageSize: get('pageSize') });
}

/** `GET /api/audit`: newest first, filtered by actor and entity, a page at a time. */
export async function listAudit(filter: z.infer<typeof filterSchema>) {
  const { rows, total } = await listAuditRows({ actor: filter.actor, entity: filter.entity, limit: filter.pageSize, offset: (filter.page - 1) * filter.pageSize });
  const items: AuditEntry[] = rows.map((r) => ({
    id: r.id,
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    actorKind: r.actor_kind,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    path: r.path,
    status: r.status,
    changes: r.changes,
    ip: r.ip,
  }));
  return { items, total, page: filter.page, pageSize: filter.pageSize, facets: await auditFacets() };
}
