import { query } from '../client';

export interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  actor_kind: 'user' | 'token';
  actor_id: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  path: string;
  status: number;
  changes: unknown;
  ip: string | null;
}

export interface NewAuditRow {
  actor: string;
  actorKind: 'user' | 'token';
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  path: string;
  status: number;
  changes: unknown;
  ip: string | null;
}

export async function insertAuditRow(row: NewAuditRow): Promise<void> {
  await query(
    `INSERT INTO audit_log (actor, actor_kind, actor_id, action, entity, entity_id, path, status, changes, ip)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10)`,
    [row.actor, row.actorKind, row.actorId, row.action, row.entity, row.entityId, row.path, row.status, JSON.stringify(row.changes ?? {}), row.ip],
  );
}

export async function listAuditRows(filter: { actor?: string; entity?: string; limit: number; offset: number }): Promise<{ rows: AuditRow[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.actor) {
    params.push(filter.actor);
    where.push(`actor = $${params.length}`);
  }
  if (filter.entity) {
    params.push(filter.entity);
    where.push(`entity = $${params.length}`);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const [{ total }] = await query<{ total: number }>(`SELECT count(*)::int AS total FROM audit_log ${clause}`, params);
  const rows = await query<AuditRow>(
    `SELECT id::text, at, actor, actor_kind, actor_id, action, entity, entity_id, path, status, changes, ip FROM audit_log ${clause}
     ORDER BY at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, filter.limit, filter.offset],
  );
  return { rows, total };
}

/** The distinct actors and entities, for the page's filters. */
export async function auditFacets(): Promise<{ actors: string[]; entities: string[] }> {
  const actors = await query<{ v: string }>('SELECT DISTINCT actor AS v FROM audit_log ORDER BY 1 LIMIT 200');
  const entities = await query<{ v: string }>('SELECT DISTINCT entity AS v FROM audit_log ORDER BY 1 LIMIT 200');
  return { actors: actors.map((r) => r.v), entities: entities.map((r) => r.v) };
}

export async function deleteAuditOlderThan(days: number): Promise<number> {
  const rows = await query<{ n: number }>(
    `WITH gone AS (DELETE FROM audit_log WHERE at < now() - make_interval(days => $1) RETURNING 1) SELECT count(*)::int AS n FROM gone`,
    [days],
  );
  return rows[0]?.n ?? 0;
}
