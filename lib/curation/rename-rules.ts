import * as q from '@/db/queries/rename-rules';
import { findUpstream } from '@/db/queries/upstream-servers';
import { bumpCatalogVersion } from '@/lib/catalog-version/version';
import { AppError, notFound } from '@/lib/errors';
import { compileRename, renamePatternProblem } from './rename';
import type { RenamePreviewInput, RenameRuleInput, RenameRuleView, UpdateRenameRuleInput } from './schemas';

const KIND = { live: 'live', movie: 'vod', series: 'series' } as const;
const PREVIEW_ROWS = 20;
// The preview reads at most this many names: enough for any catalog's patterns to show, bounded for a huge one.
const PREVIEW_SCAN = 200_000;

export function toRenameRuleView(row: q.RenameRuleRow): RenameRuleView {
  return {
    id: row.id,
    pattern: row.pattern,
    replacement: row.replacement,
    scope: row.scope,
    type: row.content_type,
    upstreamId: row.upstream_server_id,
    position: row.position,
    enabled: row.enabled,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

async function check(input: { pattern?: string; upstreamId?: string | null }) {
  if (input.pattern !== undefined) {
    const problem = renamePatternProblem(input.pattern);
    if (problem) throw new AppError('validation_failed', `pattern: ${problem}`, { pattern: problem });
  }
  if (input.upstreamId && !(await findUpstream(input.upstreamId))) {
    throw new AppError('validation_failed', 'upstreamId: no such upstream', { upstreamId: 'no such upstream' });
  }
}

/** In the order they apply. */
export async function listRenameRules({ page = 1, pageSize = 50 }: { page?: number; pageSize?: number } = {}) {
  const rows = await q.listRenameRuleRows();
  return { items: rows.slice((page - 1) * pageSize, page * pageSize).map(toRenameRuleView), total: rows.length, page, pageSize };
}

export async function createRenameRule(input: RenameRuleInput): Promise<RenameRuleView> {
  await check(input);
  const row = await q.insertRenameRule({ ...input, contentType: input.type, upstreamId: input.upstreamId });
  await bumpCatalogVersion();
  return toRenameRuleView(row);
}

export async function updateRenameRule(id: string, input: UpdateRenameRuleInput): Promise<RenameRuleView> {
  await check(input);
  const { type, ...rest } = input;
  const row = await q.updateRenameRuleRow(id, { ...rest, ...(type !== undefined ? { contentType: type } : {}) });
  if (!row) throw notFound('rename rule');
  await bumpCatalogVersion();
  return toRenameRuleView(row);
}

export async function deleteRenameRule(id: string): Promise<void> {
  if (!(await q.deleteRenameRuleRow(id))) throw notFound('rename rule');
  await bumpCatalogVersion();
}

/** The first names the rule would change, before saving it: `[{before, after}]`. */
export async function previewRenameRule(input: RenamePreviewInput): Promise<{ before: string; after: string }[]> {
  await check(input);
  const rule = compileRename(input)!;
  const names = await q.providerNames({ scope: input.scope, kind: input.type ? KIND[input.type] : undefined, upstreamId: input.upstreamId }, PREVIEW_SCAN);
  const out: { before: string; after: string }[] = [];
  const seen = new Set<string>();
  for (const { name } of names) {
    if (seen.has(name)) continue;
    seen.add(name);
    const after = rule.apply(name);
    if (after !== name) out.push({ before: name, after });
    if (out.length >= PREVIEW_ROWS) break;
  }
  return out;
}
