import { z } from 'zod';
import { unsafePatternReason } from './pattern-safety';

// Shared by the /routing-rules form and /api/routing-rules. Imports only zod (and a pure checker).

export const contentSourceSchema = z.enum(['upstream', 'local', 'any']);
export const routingTypeSchema = z.enum(['proxy', 'redirect', 'direct']);
export const ruleStreamTypeSchema = z.enum(['live', 'movie', 'series']);

export type ContentSource = z.infer<typeof contentSourceSchema>;
export type RoutingType = z.infer<typeof routingTypeSchema>;
export type RuleStreamType = z.infer<typeof ruleStreamTypeSchema>;

const REGEX_LITERAL = /^\/(.+)\/([a-z]*)$/s;

/**
 * A name pattern as a RegExp: `/body/flags` is a regular expression (its own flags decide the case),
 * anything else a glob over the whole name where `*` is any run and `?` one character, case-insensitive.
 * Throws for a regular expression that does not compile.
 */
export function compileNamePattern(pattern: string): RegExp {
  const literal = REGEX_LITERAL.exec(pattern);
  if (literal) return new RegExp(literal[1], literal[2]);
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'is');
}

const namePatternSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .refine((v) => {
    try {
      compileNamePattern(v);
      return true;
    } catch {
      return false;
    }
  }, 'is not a valid regular expression')
  .superRefine((v, ctx) => {
    const literal = REGEX_LITERAL.exec(v);
    const reason = literal ? unsafePatternReason(literal[1], literal[2].includes('i')) : unsafePatternReason(compileNamePattern(v).source);
    if (reason) ctx.addIssue({ code: 'custom', message: reason });
  });

const upstreamIdSchema = z.guid('must be an upstream id');

export const ruleMatchSchema = z.strictObject({
  publicId: z.number('must be a number').int('must be a whole number').positive('must be a public id (1 or more)').optional(),
  upstreamId: upstreamIdSchema.optional(),
  streamType: ruleStreamTypeSchema.optional(),
  category: z.string().trim().min(1, 'must not be empty').max(255, 'must be at most 255 characters').optional(),
  namePattern: namePatternSchema.optional(),
});
export type RuleMatch = z.infer<typeof ruleMatchSchema>;

export const routingConfigSchema = z.strictObject({
  failover: z.boolean().optional(),
  upstreamOrder: z.array(upstreamIdSchema).max(50, 'at most 50 upstreams').optional(),
});
export type RoutingConfigInput = z.infer<typeof routingConfigSchema>;

// No defaults here: zod 4 applies a default inside .optional(), which a PATCH must not do.
const fields = {
  name: z.string().trim().max(100, 'must be at most 100 characters').nullable(),
  contentSource: contentSourceSchema,
  match: ruleMatchSchema,
  routingType: routingTypeSchema,
  priority: z.number('must be a number').int('must be a whole number').min(0, 'must be at least 0').max(1000, 'must be at most 1000'),
  routingConfig: routingConfigSchema,
  enabled: z.boolean(),
};

export const routingRuleSchema = z.strictObject({
  name: fields.name.optional(),
  contentSource: fields.contentSource,
  match: fields.match,
  routingType: fields.routingType,
  priority: fields.priority.default(100),
  routingConfig: fields.routingConfig.optional(),
  enabled: fields.enabled.default(true),
});
export type RoutingRuleInput = z.infer<typeof routingRuleSchema>;

/** Every field optional; `routingConfig` is merged into the stored config: `{failover:false}` keeps the upstream order. */
export const updateRoutingRuleSchema = z.strictObject(fields).partial();
export type UpdateRoutingRuleInput = z.infer<typeof updateRoutingRuleSchema>;

export const resolveQuerySchema = z.object({
  publicId: z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be a public id (1 or more)').max(Number.MAX_SAFE_INTEGER, 'is too large')),
});

export interface RoutingRuleView {
  id: string;
  name: string | null;
  contentSource: ContentSource;
  match: RuleMatch;
  routingType: RoutingType;
  priority: number;
  routingConfig: { failover: boolean; upstreamOrder: string[] };
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** GET /api/routing-rules/resolve: what the router would do now, credentials masked. */
export const resolveViewSchema = z.object({
  mode: routingTypeSchema,
  failover: z.boolean(),
  /** Series are listed but not playable: their episodes are. */
  playable: z.boolean(),
  sources: z.array(z.object({ upstreamId: z.string().nullable(), upstreamName: z.string().nullable(), publicId: z.number(), url: z.string() })),
  rule: z.object({ id: z.string(), name: z.string().nullable(), priority: z.number() }).nullable(),
  item: z.object({
    publicId: z.number(),
    name: z.string(),
    kind: z.enum(['live', 'movie', 'series', 'episode']),
    source: z.enum(['upstream', 'local']),
    containerExtension: z.string().nullable(),
  }),
});
export type ResolveView = z.infer<typeof resolveViewSchema>;
