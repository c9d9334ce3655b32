import type { NextRequest } from 'next/server';
import { insertAuditRow } from '@/db/queries/audit-log';
import { logger } from '@/lib/monitor/logger';
import { headersClientIp } from '@/lib/net/client-ip';
import { maskSecrets } from './audit-mask';

/** Who made a change: a signed-in user or an API token. */
export interface Actor {
  id: string;
  name: string;
  kind: 'user' | 'token';
}

const MAX_JSON_CHARS = 32_000;
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const isMutating = (method: string) => MUTATING.has(method);

/** What a change touched, from the path: ids (the route's params) are left out of the entity name. */
export function describeTarget(pathname: string, params: Record<string, string | string[] | undefined>): { entity: string; entityId: string | null } {
  const ids = new Set(Object.values(params).flatMap((v) => (Array.isArray(v) ? v : v ? [v] : [])));
  const segments = pathname.replace(/^\/api\/?/, '').split('/').filter(Boolean);
  const named = segments.filter((s) => !ids.has(decodeURIComponent(s)));
  const firstId = segments.find((s) => ids.has(decodeURIComponent(s)));
  return { entity: named.join('/') || 'api', entityId: firstId ? decodeURIComponent(firstId).slice(0, 100) : null };
}

function parseJson(text: string): unknown {
  if (!text.trim()) return undefined;
  if (text.length > MAX_JSON_CHARS) return { omitted: 'too large to keep', chars: text.length };
  try {
    return JSON.parse(text);
  } catch {
    return { omitted: 'not JSON', chars: text.length };
  }
}

/**
 * Writes one audit row for a mutating admin request that succeeded. `input` is the request body
 * (read from a clone taken before the handler ran), `after` the answer, `before` what the handler
 * said the entity looked like first; all masked. A failed write is logged, never the request's fault.
 */
export async function recordChange(args: {
  req: NextRequest;
  actor: Actor;
  params: Record<string, string | string[] | undefined>;
  status: number;
  inputText: string;
  outputText: string;
  before?: unknown;
}): Promise<void> {
  try {
    const { entity, entityId } = describeTarget(args.req.nextUrl.pathname, args.params);
    const [input, after, before] = maskSecrets(parseJson(args.inputText), parseJson(args.outputText), args.before);
    const changes: Record<string, unknown> = {};
    if (before !== undefined) changes.before = before;
    if (input !== undefined) changes.input = input;
    if (after !== undefined) changes.after = after;
    await insertAuditRow({
      actor: args.actor.name.slice(0, 100),
      actorKind: args.actor.kind,
      actorId: args.actor.id,
      action: args.req.method,
      entity: entity.slice(0, 100),
      entityId,
      path: args.req.nextUrl.pathname,
      status: args.status,
      changes,
      ip: headersClientIp(args.req.headers).slice(0, 64),
    });
  } catch (err) {
    logger.error({ err: (err as Error).message, path: args.req.nextUrl.pathname }, 'audit row could not be written');
  }
}
