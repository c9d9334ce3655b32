import { unsafePatternReason } from '@/lib/routing/pattern-safety';

/** A rename rule ready to run: names of its scope, type and upstream pass through `apply`. */
export interface CompiledRename {
  scope: 'item' | 'category';
  /** Catalog kind, or null for every kind. */
  kind: 'live' | 'vod' | 'series' | null;
  upstreamId: string | null;
  apply(name: string): string;
}

export interface RenameRuleLike {
  pattern: string;
  replacement: string;
  scope: 'item' | 'category';
  type: 'live' | 'movie' | 'series' | null;
  upstreamId: string | null;
}

const KIND = { live: 'live', movie: 'vod', series: 'series' } as const;

/** Why a pattern cannot be used (bad syntax, or it can backtrack catastrophically), or null. */
export function renamePatternProblem(pattern: string): string | null {
  try {
    new RegExp(pattern, 'g');
  } catch (err) {
    return `is not a valid regular expression (${(err as Error).message.replace(/^Invalid regular expression: /, '')})`;
  }
  return unsafePatternReason(pattern);
}

/**
 * A rule as a function of names: every match replaced (`$1` refers to groups), spaces around the
 * result trimmed. A name the rule would empty keeps its value: an empty title helps nobody.
 */
export function compileRename(rule: RenameRuleLike): CompiledRename | null {
  if (renamePatternProblem(rule.pattern)) return null;
  const re = new RegExp(rule.pattern, 'g');
  return {
    scope: rule.scope,
    kind: rule.type ? KIND[rule.type] : null,
    upstreamId: rule.upstreamId,
    apply(name) {
      const out = name.replace(re, rule.replacement).replace(/\s{2,}/g, ' ').trim();
      return out || name;
    },
  };
}

/** A provider's name after every rule of its scope, kind and upstream, in order. */
export function renameWith(rules: readonly CompiledRename[], scope: 'item' | 'category', kind: 'live' | 'vod' | 'series', upstreamId: string | null, name: string): string {
  let out = name;
  for (const r of rules) {
    if (r.scope !== scope || (r.kind !== null && r.kind !== kind) || (r.upstreamId !== null && r.upstreamId !== upstreamId)) continue;
    out = r.apply(out);
  }
  return out;
}
